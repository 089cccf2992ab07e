package io.tocsin.rules.eval;

/**
 * Prometheus 2.42's {@code extrapolatedRate} (promql/functions.go) for float samples, operation for
 * operation so the result is the same double: the change between the first and last sample of the
 * range (with counter resets added back), extrapolated towards the range's edges when the samples
 * come close to them (within 1.1 average intervals), else by half an interval, and for counters no
 * further back than where the line would reach zero. Fewer than two samples give no value (NaN).
 */
public final class ExtrapolatedRate {
    private ExtrapolatedRate() {}

    /**
     * @param run         the samples of one series with timestamps in [rangeStart, rangeEnd]
     * @param rangeEndMs  the evaluation time
     * @param rangeMs     the range of the selector ([5m])
     * @param isCounter   rate and increase; false for delta
     * @param isRate      per second (rate) rather than over the range (increase, delta)
     */
    public static double of(SeriesRun run, long rangeEndMs, long rangeMs, boolean isCounter, boolean isRate) {
        if (run == null || run.count() < 2) {
            return Double.NaN;
        }
        long rangeStartMs = rangeEndMs - rangeMs;
        double resultValue = isCounter ? run.increase() : run.last() - run.first();
        double durationToStart = (double) (run.firstTs() - rangeStartMs) / 1000;
        double durationToEnd = (double) (rangeEndMs - run.lastTs()) / 1000;
        double sampledInterval = (double) (run.lastTs() - run.firstTs()) / 1000;
        double averageDurationBetweenSamples = sampledInterval / (double) (run.count() - 1);
        if (isCounter && resultValue > 0 && run.first() >= 0) {
            double durationToZero = sampledInterval * (run.first() / resultValue);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        if (durationToStart < extrapolationThreshold) {
            extrapolateToInterval += durationToStart;
        } else {
            extrapolateToInterval += averageDurationBetweenSamples / 2;
        }
        if (durationToEnd < extrapolationThreshold) {
            extrapolateToInterval += durationToEnd;
        } else {
            extrapolateToInterval += averageDurationBetweenSamples / 2;
        }
        double factor = extrapolateToInterval / sampledInterval;
        if (isRate) {
            factor /= seconds(rangeMs);
        }
        return resultValue * factor;
    }

    /** Go's {@code time.Duration.Seconds()}: whole seconds plus the remainder, each converted alone. */
    static double seconds(long ms) {
        long sec = ms / 1000;
        long nsec = (ms % 1000) * 1_000_000L;
        return (double) sec + (double) nsec / 1e9;
    }
}
