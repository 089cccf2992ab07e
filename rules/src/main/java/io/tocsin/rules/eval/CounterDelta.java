package io.tocsin.rules.eval;

/**
 * Turns one counter series' samples into increases, as PromQL's rate/increase see them: a drop
 * is a reset, after which the new value is the increase since the restart. The first sample of
 * a series has no known increase (0). A sample not newer than the last one is a duplicate or
 * arrived late: it is skipped, since its increase was already counted.
 */
public final class CounterDelta {
    /** The last sample seen of a counter series, kept per series in stage 1. */
    public record Last(double value, long ts) {}

    /** @param increase null when the sample is to be skipped */
    public record Step(Double increase, Last next) {}

    private CounterDelta() {}

    public static Step next(Last prev, double value, long ts) {
        if (Double.isNaN(value)) {
            return new Step(null, prev);
        }
        if (prev == null) {
            return new Step(0.0, new Last(value, ts));
        }
        if (ts <= prev.ts()) {
            return new Step(null, prev);
        }
        double increase = value >= prev.value() ? value - prev.value() : value;
        return new Step(increase, new Last(value, ts));
    }
}
