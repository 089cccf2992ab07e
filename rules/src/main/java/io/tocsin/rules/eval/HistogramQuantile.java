package io.tocsin.rules.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PromQL's histogram_quantile over classic buckets, step for step as Prometheus'
 * {@code bucketQuantile} documents it: sort by upper bound, NaN unless the highest bound is
 * +Inf, merge equal bounds, smooth float noise, force monotonic counts, NaN with fewer than two
 * buckets or no observations, then interpolate linearly inside the bucket holding the rank (from
 * 0 in the lowest bucket when its bound is positive; the second-highest bound when the rank falls
 * in +Inf).
 */
public final class HistogramQuantile {
    private record BucketCount(double upperBound, double count) {}

    private HistogramQuantile() {}

    /** @param cumulative {@code le} label value → cumulative count (here: increase over the window) */
    public static double of(double q, Map<String, Double> cumulative) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (cumulative == null || cumulative.isEmpty()) {
            return Double.NaN;
        }
        List<BucketCount> sorted = new ArrayList<>();
        cumulative.forEach((le, count) -> {
            double bound = parseLe(le);
            if (!Double.isNaN(bound)) {
                sorted.add(new BucketCount(bound, count));
            }
        });
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort((a, b) -> Double.compare(a.upperBound, b.upperBound));
        if (sorted.get(sorted.size() - 1).upperBound != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<BucketCount> b = coalesce(sorted);
        double[] counts = b.stream().mapToDouble(BucketCount::count).toArray();
        correctPrecision(counts, 1e-12);
        ensureMonotonic(counts);
        if (b.size() < 2) {
            return Double.NaN;
        }
        double observations = counts[counts.length - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int i = 0;
        while (i < counts.length - 1 && counts[i] < rank) { // first bucket whose count reaches the rank
            i++;
        }
        if (i == counts.length - 1) {
            return b.get(b.size() - 2).upperBound;
        }
        if (i == 0 && b.get(0).upperBound <= 0) {
            return b.get(0).upperBound;
        }
        double start = 0;
        double end = b.get(i).upperBound;
        double count = counts[i];
        if (i > 0) {
            start = b.get(i - 1).upperBound;
            count -= counts[i - 1];
            rank -= counts[i - 1];
        }
        return start + (end - start) * (rank / count);
    }

    /** Prometheus writes +Inf; clients also send Inf or numbers in any float notation. NaN if unreadable. */
    static double parseLe(String le) {
        String s = le.trim();
        if (s.equalsIgnoreCase("+Inf") || s.equalsIgnoreCase("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (s.equalsIgnoreCase("-Inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<BucketCount> coalesce(List<BucketCount> sorted) {
        List<BucketCount> out = new ArrayList<>();
        for (BucketCount c : sorted) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).upperBound == c.upperBound) {
                out.set(last, new BucketCount(c.upperBound, out.get(last).count + c.count));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static void correctPrecision(double[] counts, double tolerance) {
        double prev = counts[0];
        for (int i = 1; i < counts.length; i++) {
            double delta = Math.abs(counts[i] - prev);
            if (delta == 0) {
                continue;
            }
            if (delta / counts[i] <= tolerance) {
                counts[i] = prev;
            } else {
                prev = counts[i];
            }
        }
    }

    private static void ensureMonotonic(double[] counts) {
        double max = counts[0];
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > max) {
                max = counts[i];
            } else if (counts[i] < max) {
                counts[i] = max;
            }
        }
    }
}
