package io.tocsin.ingest.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rules for each field of one sample; each refusal names the field by its JSON path. Two
 * readers apply them: {@link #sample} to a JSON tree (events, webhooks), {@link SampleReader}
 * straight from the token stream (/v1/samples); the checks and words below are shared by both.
 */
public final class SampleFields {
    static final String REQUIRED = "required";
    static final String NOT_AN_OBJECT = "must be a JSON object";
    static final String NAME_NOT_A_STRING = "must be a string";
    static final String LABELS_NOT_AN_OBJECT = "must be a JSON object of string values";
    static final String LABEL_VALUE_NOT_A_STRING = "label value must be a string";
    static final String VALUE_NOT_A_NUMBER = "must be a JSON number";
    static final String TIMESTAMP_NOT_WHOLE = "must be whole Unix milliseconds or an RFC 3339 string";
    static final String TIMESTAMP_WRONG_TYPE = "must be Unix milliseconds or an RFC 3339 string";
    // Seconds sent by mistake land in 1970: say which unit we expect.
    static final String MILLISECONDS_HINT = " (numbers are Unix milliseconds)";
    static final String NOT_FINITE = "must be finite (NaN and Infinity are not accepted)";

    private static final String KINDS =
            Arrays.stream(SampleKind.values()).map(SampleKind::wireName).collect(Collectors.joining(", "));

    // wireName() lower-cases on every call: look kinds up once per sample, not once per kind.
    private static final Map<String, SampleKind> BY_WIRE_NAME =
            Arrays.stream(SampleKind.values()).collect(Collectors.toUnmodifiableMap(SampleKind::wireName, k -> k));

    private final SampleLimits limits;

    public SampleFields(SampleLimits limits) {
        this.limits = limits;
    }

    /** One sample from the JSON shape of /v1/samples; throws {@link InvalidSample} naming the field under {@code path}. */
    public Sample sample(String path, JsonNode item, long nowMs) {
        if (!item.isObject()) {
            throw new InvalidSample(path, NOT_AN_OBJECT);
        }
        return new Sample(
                name(path + ".name", item.get("name")),
                labels(path + ".labels", item.get("labels")),
                value(path + ".value", item.get("value")),
                timestamp(path + ".timestamp", item.get("timestamp"), nowMs),
                kind(path + ".kind", item.get("kind")));
    }

    private static String name(String path, JsonNode node) {
        if (absent(node)) {
            throw new InvalidSample(path, REQUIRED);
        }
        if (!node.isTextual()) {
            throw new InvalidSample(path, NAME_NOT_A_STRING);
        }
        return metricName(path, node.textValue());
    }

    private static String metricName(String path, String name) {
        return check(path, name, SeriesRules.metricNameProblem(name));
    }

    private Labels labels(String path, JsonNode node) {
        if (absent(node)) {
            return Labels.EMPTY;
        }
        if (!node.isObject()) {
            throw new InvalidSample(path, LABELS_NOT_AN_OBJECT);
        }
        check(path, node, SeriesRules.labelCountProblem(node.size(), limits));
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            String labelPath = labelPath(path, label.getKey());
            labels.put(labelName(labelPath, label.getKey()), labelValue(labelPath, label.getValue()));
        }
        return labels.isEmpty() ? Labels.EMPTY : new Labels(labels); // one copy, not two
    }

    private static String labelPath(String labelsPath, String name) {
        return labelsPath + "[" + quote(name) + "]";
    }

    private static String labelName(String path, String name) {
        return check(path, name, SeriesRules.labelNameProblem(name));
    }

    private String labelValue(String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidSample(path, LABEL_VALUE_NOT_A_STRING);
        }
        return check(path, node.textValue(), SeriesRules.labelValueProblem(node.textValue(), limits));
    }

    private static double value(String path, JsonNode node) {
        if (absent(node)) {
            throw new InvalidSample(path, REQUIRED);
        }
        if (!node.isNumber()) {
            throw new InvalidSample(path, VALUE_NOT_A_NUMBER);
        }
        return finite(path, node.doubleValue());
    }

    private static double finite(String path, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidSample(path, NOT_FINITE);
        }
        return value;
    }

    private long timestamp(String path, JsonNode node, long nowMs) {
        long ms;
        String unitHint = "";
        if (absent(node)) {
            return nowMs;
        } else if (node.isNumber()) {
            unitHint = MILLISECONDS_HINT;
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                throw new InvalidSample(path, TIMESTAMP_NOT_WHOLE);
            }
            ms = node.longValue();
        } else if (node.isTextual()) {
            ms = rfc3339(path, node.textValue());
        } else {
            throw new InvalidSample(path, TIMESTAMP_WRONG_TYPE);
        }
        return timestampWithinBounds(path, ms, nowMs, unitHint);
    }

    private long timestampWithinBounds(String path, long ms, long nowMs, String unitHint) {
        check(path, ms, SeriesRules.timestampProblem(ms, nowMs, limits, unitHint));
        return ms;
    }

    private static long rfc3339(String path, String text) {
        try {
            return Rfc3339.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidSample(path, notRfc3339(text));
        }
    }

    static String notRfc3339(String text) {
        return quote(text) + " is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)";
    }

    private static SampleKind kind(String path, JsonNode node) {
        if (absent(node)) {
            return SampleKind.GAUGE;
        }
        return node.isTextual() ? kind(path, node.textValue()) : unknownKind(path, node.toString());
    }

    private static SampleKind kind(String path, String text) {
        SampleKind kind = kindNamed(text);
        return kind != null ? kind : unknownKind(path, quote(text));
    }

    /** @return null for a name that is not a kind */
    static SampleKind kindNamed(String text) {
        return BY_WIRE_NAME.get(text);
    }

    private static SampleKind unknownKind(String path, String given) {
        throw new InvalidSample(path, unknownKind(given));
    }

    /** @param given the JSON the client sent, already quoted if it was a string */
    static String unknownKind(String given) {
        return "unknown kind " + given + " (one of " + KINDS + ")";
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static <T> T check(String path, T value, String problem) {
        if (problem != null) {
            throw new InvalidSample(path, problem);
        }
        return value;
    }

    private static String quote(String text) {
        return SeriesRules.quote(text);
    }
}
