package io.tocsin.ingest.samples;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.core.json.Json;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules for each field of one sample; each refusal names the field by its JSON path. */
final class SampleFields {
    // Prometheus' data model, so that rules and exporters agree on what a name is.
    private static final String METRIC_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final Pattern METRIC_NAME_PATTERN = Pattern.compile(METRIC_NAME);
    private static final Pattern LABEL_NAME_PATTERN = Pattern.compile(LABEL_NAME);

    // RFC 3339: 'T' and 'Z' may be lower case; an offset is mandatory.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter(Locale.ROOT);

    private static final String KINDS = Arrays.stream(SampleKind.values())
            .map(SampleKind::wireName)
            .collect(Collectors.joining(", "));

    private final SampleLimits limits;

    SampleFields(SampleLimits limits) {
        this.limits = limits;
    }

    Sample sample(String path, JsonNode item, long nowMs) {
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
        String name = node.textValue();
        if (!METRIC_NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidSample(path, "invalid metric name " + quote(name) + " (must match " + METRIC_NAME + ")");
        }
        return name;
    }

    private Labels labels(String path, JsonNode node) {
        if (absent(node)) {
            return Labels.EMPTY;
        }
        if (!node.isObject()) {
            throw new InvalidSample(path, "must be a JSON object of string values");
        }
        if (node.size() > limits.maxLabelsPerSample()) {
            throw new InvalidSample(path, node.size() + " labels, at most " + limits.maxLabelsPerSample() + " allowed");
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            String labelPath = path + "[" + quote(label.getKey()) + "]";
            labels.put(labelName(labelPath, label.getKey()), labelValue(labelPath, label.getValue()));
        }
        return Labels.of(labels);
    }

    private static String labelName(String path, String name) {
        if (!LABEL_NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidSample(path, "invalid label name (must match " + LABEL_NAME + ")");
        }
        if (name.startsWith("__")) {
            throw new InvalidSample(path, "label names starting with __ are reserved");
        }
        return name;
    }

    private String labelValue(String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidSample(path, "label value must be a string");
        }
        String value = node.textValue();
        if (value.isEmpty()) {
            // Prometheus treats an empty value as an absent label: two spellings of one series.
            throw new InvalidSample(path, "label value must not be empty (leave the label out instead)");
        }
        int length = value.codePointCount(0, value.length());
        if (length > limits.maxLabelValueLength()) {
            throw new InvalidSample(path, "label value is " + length + " characters, at most "
                    + limits.maxLabelValueLength() + " allowed");
        }
        return value;
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
        if (ms < nowMs - limits.maxSampleAge().toMillis()) {
            throw new InvalidSample(path, instant(ms) + " is older than " + human(limits.maxSampleAge())
                    + unitHint);
        }
        if (ms > nowMs + limits.maxFutureSkew().toMillis()) {
            throw new InvalidSample(path, instant(ms) + " is more than " + human(limits.maxFutureSkew())
                    + " in the future" + unitHint);
        }
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

    /** A client's text, JSON-quoted and cut short so that a refusal never echoes a whole body. */
    private static String quote(String text) {
        if (text.length() <= 64) {
            return Json.writeString(text);
        }
        int cut = Character.isHighSurrogate(text.charAt(63)) ? 63 : 64;
        String shown = text.substring(0, cut) + "…";
        return Json.writeString(shown);
    }

    private static String instant(long ms) {
        try {
            return Instant.ofEpochMilli(ms).toString();
        } catch (RuntimeException e) {
            return ms + " ms";
        }
    }

    /** PT1H → 1h, PT10M → 10m, PT1H30M → 1h30m. */
    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
