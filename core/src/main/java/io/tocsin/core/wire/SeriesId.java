package io.tocsin.core.wire;

/** A series' identity as text: metric name followed by its sorted labels, Prometheus style. */
public final class SeriesId {
    private SeriesId() {}

    public static String of(String name, Labels labels) {
        return labels.isEmpty() ? name : name + labels;
    }
}
