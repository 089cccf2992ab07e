package io.tocsin.rules.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PromQL's histogram_quantile over classic buckets, step for step as Prometheus 2.42's
 * {@code bucketQuantile} (promql/quantile.go): sort by upper bound, NaN unless the highest bound is
 * +Inf, merge equal bounds, force monotonic counts ({@code ensureMonotonic}: a count below an
 * earlier one is raised to it), NaN with fewer than two buckets or no observations, then
 * interpolate linearly inside the bucket holding the rank (from 0 in the lowest bucket when its
 * bound is positive; the second-highest bound when the rank falls in +Inf). Later Prometheus
 * versions also smooth relative deltas below 1e-12; 2.42, which promtool is checked against, does not.
 */
public final class HistogramQuantile {
    private record BucketCount(double upperBound, double count) {}

    private HistogramQuantile() {}

    /**
     * Over per-second rates, as {@code histogram_quantile(q, rate(x_bucket[w]))} sees them: each
     * bucket's increase is divided by the window first, because interpolating over increases
     * differs from Prometheus in the last digit (le 0.1=1, 0.5=3 over 60 s, q 0.3: 0.09 against
     * Prometheus' 0.09000000000000001).
     *
     * @param increases {@code le} label value → cumulative increase over the window
     */
    public static double ofRates(double q, Map<String, Double> increases, double windowSeconds) {
        if (increases == null) {
            return Double.NaN;
        }
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        increases.forEach((le, count) -> rates.put(le, count / windowSeconds));
        return of(q, rates);
    }

    /** @param cumulative {@code le} label value → cumulative count */
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
