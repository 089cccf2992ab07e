package io.tocsin.core.wire;

import java.util.Map;

/**
 * One log line of one stream, as Loki models it: the stream is identified by its labels, the
 * line is free text, and fields carry structured metadata that is not part of the stream's
 * identity (Loki's structured metadata, or the JSON fields of an event).
 *
 * @param timestampMs event time in Unix milliseconds
 * @param nanos the sub-millisecond part of Loki's nanosecond timestamp (0..999_999), so that
 *     lines of one stream keep their order
 */
public record LogRecord(Labels labels, long timestampMs, int nanos, String line, Map<String, String> fields) {

    public LogRecord {
        labels = labels == null ? Labels.EMPTY : labels;
        if (line == null) {
            throw new IllegalArgumentException("log line is required");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanos must be 0..999999, not " + nanos);
        }
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** The stream this line belongs to: the Kafka key of tocsin.logs.v1. */
    public String streamId() {
        return labels.toString();
    }
}
