package io.tocsin.tests.bench.windowed;

import java.util.List;
import java.util.function.Predicate;

/**
 * The exact answer a windowed expression gives on the input the driver generated, evaluated
 * continuously rather than every second: the reference each system's notification is compared
 * with. Over (t − window, t], the increase of a counter is its last sample less its first (the
 * extrapolation Prometheus applies scales every series of one instance alike, as they share
 * timestamps, so it cancels in a ratio and in a histogram quantile). The answer only changes
 * when a sample enters the window (at its time) or leaves it (at its time + window), so those
 * moments are the only ones to look at. Pure.
 */
public final class WindowMath {
    /** Upper bounds of the histogram buckets the scenario serves, +Inf last. */
    public static final double[] LE = {0.1, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};

    private WindowMath() {}

    /** What one instance served at one tick: cumulative counters and gauges. */
    public record Tick(long ts, double ok, double err, double[] buckets, double lag, double health) {}

    /** A value of the expression at a time, NaN when the window holds fewer than two samples. */
    public interface Expression {
        double at(List<Tick> ticks, long t);
    }

    public static Expression errorRatio(long windowMs) {
        return (ticks, t) -> {
            int[] r = range(ticks, t, windowMs);
            if (r == null) {
                return Double.NaN;
            }
            Tick a = ticks.get(r[0]);
            Tick b = ticks.get(r[1]);
            double all = (b.ok() + b.err()) - (a.ok() + a.err());
            return all == 0 ? Double.NaN : (b.err() - a.err()) / all;
        };
    }

    public static Expression quantile(double q, long windowMs) {
        return (ticks, t) -> {
            int[] r = range(ticks, t, windowMs);
            if (r == null) {
                return Double.NaN;
            }
            double[] inc = new double[LE.length];
            for (int i = 0; i < LE.length; i++) {
                inc[i] = ticks.get(r[1]).buckets()[i] - ticks.get(r[0]).buckets()[i];
            }
            return histogramQuantile(q, inc);
        };
    }

    /** The newest sample at or before t (Prometheus' instant vector; its 5 m lookback never matters here). */
    public static Expression last(java.util.function.ToDoubleFunction<Tick> field) {
        return (ticks, t) -> {
            for (int i = ticks.size() - 1; i >= 0; i--) {
                if (ticks.get(i).ts() <= t) {
                    return field.applyAsDouble(ticks.get(i));
                }
            }
            return Double.NaN;
        };
    }

    /**
     * @return the first moment at or after {@code from} when {@code holds} is true of the
     *     expression, or -1 if never within the ticks
     */
    public static long firstTime(List<Tick> ticks, Expression e, long windowMs, long from, Predicate<Double> holds) {
        long best = -1;
        for (Tick tick : ticks) {
            for (long t : new long[] {tick.ts(), tick.ts() + windowMs}) {
                if (t >= from && (best < 0 || t < best) && holds.test(e.at(ticks, t))) {
                    best = t;
                }
            }
        }
        return best;
    }

    /** Indexes of the first and last sample in (t − window, t]; null with fewer than two. */
    private static int[] range(List<Tick> ticks, long t, long windowMs) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < ticks.size(); i++) {
            long ts = ticks.get(i).ts();
            if (ts > t - windowMs && ts <= t) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 || first == last ? null : new int[] {first, last};
    }

    /** Prometheus' histogram_quantile on cumulative bucket increases (upper bounds {@link #LE}). */
    static double histogramQuantile(double q, double[] cumulative) {
        double total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < cumulative.length - 1 && cumulative[b] < rank) {
            b++;
        }
        if (b == LE.length - 1) {
            return LE[LE.length - 2];
        }
        double lower = b == 0 ? 0 : LE[b - 1];
        double below = b == 0 ? 0 : cumulative[b - 1];
        double inBucket = cumulative[b] - below;
        return lower + (LE[b] - lower) * ((rank - below) / inBucket);
    }
}
