package io.tocsin.rules.eval;

import io.tocsin.rules.model.Aggregation;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The functions PromQL computes per series and then sums: each series' run in the window goes
 * through {@link ExtrapolatedRate} on its own (its own first and last sample, its own edges), as
 * {@code sum(rate(x[5m]))} does, never one rate over the group's pooled samples.
 */
public final class PerSeries {
    private PerSeries() {}

    /**
     * The sum over the group's series of rate/increase/delta; NaN when no series has two samples
     * in the window (Prometheus then has no element, and a sum of nothing has no result).
     */
    public static double sum(Aggregation fn, Partial p, long now, long windowMs) {
        if (p == null || p.runs() == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean any = false;
        for (SeriesRun run : p.runs().values()) {
            if (run.count() >= 2) {
                sum += of(fn, run, now, windowMs);
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /**
     * histogram_quantile over the buckets' rates, summed per {@code le}: empty when no bucket had two
     * samples (no input, no result); NaN when buckets are there but the quantile is undefined
     * (no +Inf bucket, nothing observed), which compares false but for {@code !=}.
     */
    public static OptionalDouble histogramQuantile(double q, Partial p, long now, long windowMs) {
        if (p == null || p.runs() == null) {
            return OptionalDouble.empty();
        }
        Map<String, Double> rates = new TreeMap<>();
        for (SeriesRun run : p.runs().values()) {
            if (run.le() != null && run.count() >= 2) {
                rates.merge(run.le(), of(Aggregation.PROM_RATE, run, now, windowMs), Double::sum);
            }
        }
        return rates.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(HistogramQuantile.of(q, rates));
    }

    private static double of(Aggregation fn, SeriesRun run, long now, long windowMs) {
        return switch (fn) {
            case PROM_RATE, PROM_HISTOGRAM_QUANTILE -> ExtrapolatedRate.of(run, now, windowMs, true, true);
            case PROM_INCREASE -> ExtrapolatedRate.of(run, now, windowMs, true, false);
            case PROM_DELTA -> ExtrapolatedRate.of(run, now, windowMs, false, false);
            default -> throw new IllegalArgumentException(fn + " is not computed per series");
        };
    }
}
