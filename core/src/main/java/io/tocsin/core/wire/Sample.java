package io.tocsin.core.wire;

/**
 * One measurement of one series at one instant.
 *
 * @param timestampMs event time in Unix milliseconds
 */
public record Sample(String name, Labels labels, double value, long timestampMs, SampleKind kind) {

    public Sample {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("sample name is required");
        }
        labels = labels == null ? Labels.EMPTY : labels;
        kind = kind == null ? SampleKind.GAUGE : kind;
    }

    /** The series this sample belongs to: the Kafka key of tocsin.samples.v1. */
    public String seriesId() {
        return SeriesId.of(name, labels);
    }
}
