package io.tocsin.ingest.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The rules for each field of one sample; each refusal names the field by its JSON path. */
public final class SampleFields {
    // RFC 3339: 'T' and 'Z' may be lower case; an offset is mandatory.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter(Locale.ROOT);

    private static final String KINDS = Arrays.stream(SampleKind.values())
            .map(SampleKind::wireName)
            .collect(Collectors.joining(", "));

    private final SampleLimits limits;

    public SampleFields(SampleLimits limits) {
        this.limits = limits;
    }

    /** One sample from the JSON shape of /v1/samples; throws {@link InvalidSample} naming the field under {@code path}. */
    public Sample sample(String path, JsonNode item, long nowMs) {
        if (!item.isObject()) {
            throw new InvalidSample(path, "must be a JSON object");
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
            throw new InvalidSample(path, "required");
        }
        if (!node.isTextual()) {
            throw new InvalidSample(path, "must be a string");
        }
        return check(path, node.textValue(), SeriesRules.metricNameProblem(node.textValue()));
    }

    private Labels labels(String path, JsonNode node) {
        if (absent(node)) {
            return Labels.EMPTY;
        }
        if (!node.isObject()) {
            throw new InvalidSample(path, "must be a JSON object of string values");
        }
        check(path, node, SeriesRules.labelCountProblem(node.size(), limits));
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            String labelPath = path + "[" + quote(label.getKey()) + "]";
            labels.put(labelName(labelPath, label.getKey()), labelValue(labelPath, label.getValue()));
        }
        return labels.isEmpty() ? Labels.EMPTY : new Labels(labels); // one copy, not two
    }

    private static String labelName(String path, String name) {
        return check(path, name, SeriesRules.labelNameProblem(name));
    }

    private String labelValue(String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidSample(path, "label value must be a string");
        }
        return check(path, node.textValue(), SeriesRules.labelValueProblem(node.textValue(), limits));
    }

    private static double value(String path, JsonNode node) {
        if (absent(node)) {
            throw new InvalidSample(path, "required");
        }
        if (!node.isNumber()) {
            throw new InvalidSample(path, "must be a JSON number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidSample(path, "must be finite (NaN and Infinity are not accepted)");
        }
        return value;
    }

    private long timestamp(String path, JsonNode node, long nowMs) {
        long ms;
        String unitHint = "";
        if (absent(node)) {
            return nowMs;
        } else if (node.isNumber()) {
            // Seconds sent by mistake land in 1970: say which unit we expect.
            unitHint = " (numbers are Unix milliseconds)";
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                throw new InvalidSample(path, "must be whole Unix milliseconds or an RFC 3339 string");
            }
            ms = node.longValue();
        } else if (node.isTextual()) {
            ms = rfc3339(path, node.textValue());
        } else {
            throw new InvalidSample(path, "must be Unix milliseconds or an RFC 3339 string");
        }
        check(path, ms, SeriesRules.timestampProblem(ms, nowMs, limits, unitHint));
        return ms;
    }

    private static long rfc3339(String path, String text) {
        try {
            return RFC_3339.parse(text, Instant::from).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidSample(path, quote(text) + " is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)");
        }
    }

    private static SampleKind kind(String path, JsonNode node) {
        if (absent(node)) {
            return SampleKind.GAUGE;
        }
        if (node.isTextual()) {
            for (SampleKind kind : SampleKind.values()) {
                if (kind.wireName().equals(node.textValue())) {
                    return kind;
                }
            }
        }
        String given = node.isTextual() ? quote(node.textValue()) : node.toString();
        throw new InvalidSample(path, "unknown kind " + given + " (one of " + KINDS + ")");
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
