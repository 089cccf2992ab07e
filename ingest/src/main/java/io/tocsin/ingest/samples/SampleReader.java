package io.tocsin.ingest.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tocsin.core.json.Json;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;

/**
 * Reads one sample of /v1/samples straight from the token stream into a {@link Sample}, with the
 * rules and words of {@link SampleFields}, without building a tree. The whole item is consumed
 * before any field is judged, so that the fields are judged in the same order as from a tree
 * (name, labels, value, timestamp, kind) whatever order the client wrote them in, and so that
 * the caller can go on checking the rest of the body's syntax after a refusal. One reader per
 * request: it is not thread-safe.
 */
final class SampleReader {
    private final SampleLimits limits;

    private int index;
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

    SampleReader(SampleLimits limits) {
        this.limits = limits;
    }

    /**
     * The sample whose first token the parser is on, leaving the parser on its last token.
     *
     * @param index where it is in the batch, for the path a refusal names
     * @throws InvalidSample naming the field under {@code samples[index]}, once the item has been read
     * @throws IOException when the body is not JSON
     */
    Sample read(JsonParser p, int index, long nowMs) throws IOException {
        clear();
        this.index = index;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw fail("", SampleFields.NOT_AN_OBJECT);
        }
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> {
                    nameToken = t;
                    name = t == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                }
                case "labels" -> readLabels(p, t);
                case "value" -> {
                    valueToken = t;
                    value = t.isNumeric() ? p.getDoubleValue() : 0;
                    skip(p);
                }
                case "timestamp" -> readTimestamp(p, t);
                case "kind" -> {
                    kindToken = t;
                    kindText = t == JsonToken.VALUE_STRING
                            ? p.getText()
                            : t == JsonToken.VALUE_NULL
                                    ? null
                                    // Only to say what was wrong: a tree prints the value as the client sent it.
                                    : Json.MAPPER.readTree(p).toString();
                }
                default -> skip(p);
            }
        }
        return judge(nowMs);
    }

    private void readLabels(JsonParser p, JsonToken t) throws IOException {
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
                problem = text == null
                        ? SampleFields.LABEL_VALUE_NOT_A_STRING
                        : SeriesRules.labelValueProblem(text, limits);
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

    private Sample judge(long nowMs) {
        if (absent(nameToken)) {
            throw fail(".name", SampleFields.REQUIRED);
        }
        if (nameToken != JsonToken.VALUE_STRING) {
            throw fail(".name", SampleFields.NAME_NOT_A_STRING);
        }
        check(".name", SeriesRules.metricNameProblem(name));
        Labels sampleLabels = labels();
        if (absent(valueToken)) {
            throw fail(".value", SampleFields.REQUIRED);
        }
        if (!valueToken.isNumeric()) {
            throw fail(".value", SampleFields.VALUE_NOT_A_NUMBER);
        }
        if (!Double.isFinite(value)) {
            throw fail(".value", SampleFields.NOT_FINITE);
        }
        return new Sample(name, sampleLabels, value, timestamp(nowMs), kind());
    }

    /** Their number first, then the first bad one, as from a tree. */
    private Labels labels() {
        if (absent(labelsToken)) {
            return Labels.EMPTY;
        }
        if (labelsToken != JsonToken.START_OBJECT) {
            throw fail(".labels", SampleFields.LABELS_NOT_AN_OBJECT);
        }
        check(".labels", SeriesRules.labelCountProblem(labelCount, limits));
        if (badLabel != null) {
            throw fail(".labels[" + SeriesRules.quote(badLabel) + "]", badLabelProblem);
        }
        return labels.isEmpty() ? Labels.EMPTY : new Labels(labels);
    }

    private long timestamp(long nowMs) {
        if (absent(timestampToken)) {
            return nowMs;
        }
        long ms;
        String unitHint = SampleFields.MILLISECONDS_HINT;
        if (timestampToken == JsonToken.VALUE_STRING) {
            try {
                ms = Rfc3339.parse(timestampText).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw fail(".timestamp", SampleFields.notRfc3339(timestampText));
            }
            unitHint = "";
        } else if (!timestampToken.isNumeric()) {
            throw fail(".timestamp", SampleFields.TIMESTAMP_WRONG_TYPE);
        } else if (timestampToken == JsonToken.VALUE_NUMBER_INT && !timestampBeyondLong) {
            ms = timestampLong;
        } else {
            double d = timestampNumber;
            // What JsonNode.canConvertToExactIntegral and canConvertToLong say of a double.
            boolean whole = !timestampBeyondLong
                    && Double.isFinite(d)
                    && d == Math.rint(d)
                    && d >= Long.MIN_VALUE
                    && d <= Long.MAX_VALUE;
            if (!whole) {
                throw fail(".timestamp", SampleFields.TIMESTAMP_NOT_WHOLE);
            }
            ms = (long) d;
        }
        check(".timestamp", SeriesRules.timestampProblem(ms, nowMs, limits, unitHint));
        return ms;
    }

    private SampleKind kind() {
        if (absent(kindToken)) {
            return SampleKind.GAUGE;
        }
        SampleKind kind = kindToken == JsonToken.VALUE_STRING ? SampleFields.kindNamed(kindText) : null;
        if (kind == null) {
            throw fail(
                    ".kind",
                    SampleFields.unknownKind(
                            kindToken == JsonToken.VALUE_STRING ? SeriesRules.quote(kindText) : kindText));
        }
        return kind;
    }

    private void check(String field, String problem) {
        if (problem != null) {
            throw fail(field, problem);
        }
    }

    /** The only place a path is spelled out: building one per field of every sample would cost more than reading it. */
    private InvalidSample fail(String field, String problem) {
        return new InvalidSample("samples[" + index + "]" + field, problem);
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
