package io.tocsin.rules.model;

import java.util.Locale;

/** How the samples of a window are reduced to the one value the condition looks at. */
public enum Aggregation {
    SUM,
    AVG,
    MIN,
    MAX,
    COUNT,
    LAST,
    /** Per-second increase of a counter over the window; resets handled per series in stage 1. */
    RATE,
    /** Increase of a counter over the window. */
    INCREASE,
    /** Last minus first value in the window (a gauge's change). */
    DELTA,
    /** Per-second slope of a least-squares line through the window's samples, like PromQL deriv. */
    DERIV,
    /** The least-squares line extrapolated {@code arg} seconds ahead, like PromQL predict_linear. */
    PREDICT_LINEAR,
    /** The {@code arg}-quantile of Prometheus histogram buckets (label {@code le}), like histogram_quantile over increase. */
    HISTOGRAM_QUANTILE,
    /** The {@code arg}-quantile of raw values, from a mergeable DDSketch (1% relative error). */
    QUANTILE,
    /** 1 when the window holds no sample, else 0: a deadman for a group or for a whole selection. */
    ABSENT,
    /**
     * The window's rate over the preceding baseline's, e.g. 8 = eight times the usual: of a
     * counter's increase for samples (4xx answers, failed logins), of the line count for logs.
     */
    SPIKE,
    /**
     * PromQL's rate: per series the extrapolated per-second increase (Prometheus 2.42's
     * extrapolatedRate over the samples in [now − window, now]), summed over the group's series.
     */
    PROM_RATE,
    /** PromQL's increase: {@link #PROM_RATE} times the window. */
    PROM_INCREASE,
    /** PromQL's delta: per series last − first of a gauge, extrapolated as rate is, summed over the group. */
    PROM_DELTA,
    /** PromQL's histogram_quantile over rate(x_bucket[w]): the buckets' {@link #PROM_RATE}s, summed per {@code le}. */
    PROM_HISTOGRAM_QUANTILE,
    /**
     * PromQL's instant value in a ratio ({@code a / b}): the newest sample, like {@link #LAST}, divided
     * as PromQL divides (x/0 is ±Inf, 0/0 NaN) where Tocsin's own ratio has no value.
     */
    PROM_LAST;

    public static Aggregation parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether stage 1 turns the samples into per-series increases before combining them. */
    public boolean readsCounters() {
        return this == RATE || this == INCREASE || this == HISTOGRAM_QUANTILE || this == SPIKE || perSeries();
    }

    /**
     * Whether stage 1 keeps each series' run of raw samples (Prometheus computes these per series
     * before any sum). They read counters too: an older or repeated sample of a series is dropped,
     * as Prometheus' storage refuses it.
     */
    public boolean perSeries() {
        return this == PROM_RATE || this == PROM_INCREASE || this == PROM_DELTA || this == PROM_HISTOGRAM_QUANTILE;
    }

    /** Whether a ratio divides as PromQL does (x/0 is ±Inf, 0/0 NaN, a side without series no result). */
    public boolean promqlDivision() {
        return perSeries() || this == PROM_LAST;
    }

    /** Whether {@code le} names a histogram bucket, not a group. */
    public boolean histogram() {
        return this == HISTOGRAM_QUANTILE || this == PROM_HISTOGRAM_QUANTILE;
    }

    /** Whether the function takes an argument: a quantile, or a horizon for predict_linear. */
    public boolean takesArgument() {
        return this == PREDICT_LINEAR || histogram() || this == QUANTILE;
    }
}
