package io.tocsin.ingest.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tocsin.core.json.Json;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.io.IOException;
import java.util.TreeMap;

/**
 * Reads one sample of /v1/samples straight from the token stream into a {@link Sample}, with the
 * rules and words of {@link SampleFields}, without building a tree. The whole item is consumed
 * before any field is judged, so that the fields are judged in the same order as from a tree
 * (name, labels, value, timestamp, kind) whatever order the client wrote them in, and so that
 * the caller can go on checking the rest of the body's syntax after a refusal. Paths are only
 * spelled out for a refusal. One reader per request: it is not thread-safe.
 */
final class SampleReader {
    private final SampleFields fields;
    private final SampleLimits limits;

    // The raw item: token types as sent, values where the type is the expected one.
    private JsonToken nameToken;
    private String name;
    private JsonToken labelsToken;
    private TreeMap<String, String> labels;
    private int labelCount;
    private String badLabel;
    private String badLabelProblem;
    private JsonToken valueToken;
    private double value;
    private JsonToken timestampToken;
    private String timestampText;
    private long timestampLong;
    private double timestampNumber;
    private boolean timestampBeyondLong;
    private JsonToken kindToken;
    private String kindText;

    SampleReader(SampleFields fields) {
        this.fields = fields;
        this.limits = fields.limits();
    }

    /**
     * The sample whose first token the parser is on, leaving the parser on its last token.
     *
     * @throws InvalidSample naming the field under {@code path}, once the item has been read
     * @throws IOException when the body is not JSON
     */
    Sample read(JsonParser p, String path, long nowMs) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new InvalidSample(path, SampleFields.NOT_AN_OBJECT);
        }
        clear();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> {
                    nameToken = t;
                    name = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                }
                case "labels" -> readLabels(p, t, path);
                case "value" -> {
                    valueToken = t;
                    value = t.isNumeric() ? p.getDoubleValue() : 0;
                    skip(p);
                }
                case "timestamp" -> readTimestamp(p, t);
                case "kind" -> {
                    kindToken = t;
                    kindText = t == JsonToken.VALUE_STRING ? p.getText()
                            : t == JsonToken.VALUE_NULL ? null
                            // Only to say what was wrong: a tree prints the value as the client sent it.
                            : Json.MAPPER.readTree(p).toString();
                }
                default -> skip(p);
            }
        }
        return judge(path, nowMs);
    }

    private void readLabels(JsonParser p, JsonToken t, String path) throws IOException {
        labelsToken = t;
        if (t != JsonToken.START_OBJECT) {
            skip(p);
            return;
        }
        labels = new TreeMap<>();
        for (String label = p.nextFieldName(); label != null; label = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            labelCount++;
            String text = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
            if (badLabel != null) {
                continue;
            }
            String problem = SeriesRules.labelNameProblem(label);
            if (problem == null) {
                problem = text == null ? SampleFields.LABEL_VALUE_NOT_A_STRING : SeriesRules.labelValueProblem(text, limits);
            }
            if (problem != null) {
                badLabel = label;
                badLabelProblem = problem;
            } else {
                labels.put(label, text);
            }
        }
    }

    private void readTimestamp(JsonParser p, JsonToken t) throws IOException {
        timestampToken = t;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            timestampBeyondLong = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
            timestampLong = timestampBeyondLong ? 0 : p.getLongValue();
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            timestampNumber = p.getDoubleValue();
        } else if (t == JsonToken.VALUE_STRING) {
            timestampText = p.getText();
        } else {
            skip(p);
        }
    }

    private Sample judge(String path, long nowMs) {
        // name
        if (absent(nameToken)) {
            throw new InvalidSample(path + ".name", SampleFields.REQUIRED);
        }
        if (nameToken != JsonToken.VALUE_STRING) {
            throw new InvalidSample(path + ".name", SampleFields.NAME_NOT_A_STRING);
        }
        SampleFields.metricName(path + ".name", name);
        // labels: their number first, then the first bad one
        Labels sampleLabels = Labels.EMPTY;
        if (!absent(labelsToken)) {
            if (labelsToken != JsonToken.START_OBJECT) {
                throw new InvalidSample(path + ".labels", SampleFields.LABELS_NOT_AN_OBJECT);
            }
            String tooMany = SeriesRules.labelCountProblem(labelCount, limits);
            if (tooMany != null) {
                throw new InvalidSample(path + ".labels", tooMany);
            }
            if (badLabel != null) {
                throw new InvalidSample(SampleFields.labelPath(path + ".labels", badLabel), badLabelProblem);
            }
            if (!labels.isEmpty()) {
                sampleLabels = new Labels(labels);
            }
        }
        // value
        if (absent(valueToken)) {
            throw new InvalidSample(path + ".value", SampleFields.REQUIRED);
        }
        if (!valueToken.isNumeric()) {
            throw new InvalidSample(path + ".value", SampleFields.VALUE_NOT_A_NUMBER);
        }
        SampleFields.finite(path + ".value", value);
        return new Sample(name, sampleLabels, value, timestamp(path + ".timestamp", nowMs), kind(path + ".kind"));
    }

    private long timestamp(String path, long nowMs) {
        if (absent(timestampToken)) {
            return nowMs;
        }
        if (timestampToken == JsonToken.VALUE_STRING) {
            return fields.timestampWithinBounds(path, SampleFields.rfc3339(path, timestampText), nowMs, "");
        }
        if (!timestampToken.isNumeric()) {
            throw new InvalidSample(path, SampleFields.TIMESTAMP_WRONG_TYPE);
        }
        long ms;
        if (timestampToken == JsonToken.VALUE_NUMBER_INT && !timestampBeyondLong) {
            ms = timestampLong;
        } else {
            double d = timestampNumber;
            // What JsonNode.canConvertToExactIntegral and canConvertToLong say of a double.
            boolean whole = !timestampBeyondLong && Double.isFinite(d) && d == Math.rint(d)
                    && d >= Long.MIN_VALUE && d <= Long.MAX_VALUE;
            if (!whole) {
                throw new InvalidSample(path, SampleFields.TIMESTAMP_NOT_WHOLE);
            }
            ms = (long) d;
        }
        return fields.timestampWithinBounds(path, ms, nowMs, SampleFields.MILLISECONDS_HINT);
    }

    private SampleKind kind(String path) {
        if (absent(kindToken)) {
            return SampleKind.GAUGE;
        }
        return kindToken == JsonToken.VALUE_STRING ? SampleFields.kind(path, kindText)
                : SampleFields.unknownKind(path, kindText);
    }

    private static boolean absent(JsonToken t) {
        return t == null || t == JsonToken.VALUE_NULL;
    }

    /** Steps over a value the reader does not keep (an object or array with all it holds). */
    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private void clear() {
        nameToken = null;
        name = null;
        labelsToken = null;
        labels = null;
        labelCount = 0;
        badLabel = null;
        badLabelProblem = null;
        valueToken = null;
        value = 0;
        timestampToken = null;
        timestampText = null;
        timestampLong = 0;
        timestampNumber = 0;
        timestampBeyondLong = false;
        kindToken = null;
        kindText = null;
    }
}
