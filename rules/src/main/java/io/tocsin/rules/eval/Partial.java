package io.tocsin.rules.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable summary of some samples: what stage 1 combines per (rule, group, bucket) and
 * stage 2 merges across the buckets of a window. Merging is associative and commutative, so
 * the result does not depend on how samples were batched or on their arrival order.
 *
 * <p>The optional parts are filled only for the rules that need them: a least-squares line for
 * deriv/predict_linear, increases by {@code le} for histogram quantiles, a DDSketch for quantiles
 * of raw values, and the denominator of a ratio.
 *
 * @param line   sums of a least-squares fit, or null
 * @param le     histogram bucket upper bound (as written in the label) → increase, or null
 * @param sketch a DDSketch, encoded as Base64, or null
 * @param over   the ratio's denominator selection summarised alike, or null
 * @param runs   series (its labels) → its samples' run, for the functions Prometheus computes per
 *               series before summing (rate, increase, delta extrapolated), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Partial(
        long count,
        double sum,
        double min,
        double max,
        double first,
        long firstTs,
        double last,
        long lastTs,
        Regression line,
        Map<String, Double> le,
        String sketch,
        Partial over,
        Map<String, SeriesRun> runs) {

    /** Nothing seen yet: the identity of {@link #merge}. */
    public static final Partial EMPTY = new Partial(
            0,
            0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.NaN,
            Long.MAX_VALUE,
            Double.NaN,
            Long.MIN_VALUE,
            null,
            null,
            null,
            null,
            null);

    public static Partial of(double value, long ts) {
        return new Partial(1, value, value, value, value, ts, value, ts, null, null, null, null, null);
    }

    public Partial withLine(Regression r) {
        return new Partial(count, sum, min, max, first, firstTs, last, lastTs, r, le, sketch, over, runs);
    }

    public Partial withLe(Map<String, Double> buckets) {
        return new Partial(count, sum, min, max, first, firstTs, last, lastTs, line, buckets, sketch, over, runs);
    }

    public Partial withSketch(String s) {
        return new Partial(count, sum, min, max, first, firstTs, last, lastTs, line, le, s, over, runs);
    }

    public Partial withOver(Partial o) {
        return new Partial(count, sum, min, max, first, firstTs, last, lastTs, line, le, sketch, o, runs);
    }

    public Partial withRuns(Map<String, SeriesRun> r) {
        return new Partial(count, sum, min, max, first, firstTs, last, lastTs, line, le, sketch, over, r);
    }

    /** Either may be null; ties on timestamp keep the larger (last) or smaller (first) value so order never matters. */
    public static Partial merge(Partial a, Partial b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        double last;
        long lastTs;
        if (a.lastTs != b.lastTs) {
            boolean bLater = b.lastTs > a.lastTs;
            last = bLater ? b.last : a.last;
            lastTs = bLater ? b.lastTs : a.lastTs;
        } else {
            last = Math.max(a.last, b.last);
            lastTs = a.lastTs;
        }
        double first;
        long firstTs;
        if (a.firstTs != b.firstTs) {
            boolean bEarlier = b.firstTs < a.firstTs;
            first = bEarlier ? b.first : a.first;
            firstTs = bEarlier ? b.firstTs : a.firstTs;
        } else {
            first = Math.min(a.first, b.first);
            firstTs = a.firstTs;
        }
        return new Partial(
                a.count + b.count,
                a.sum + b.sum,
                Math.min(a.min, b.min),
                Math.max(a.max, b.max),
                first,
                firstTs,
                last,
                lastTs,
                Regression.merge(a.line, b.line),
                mergeLe(a.le, b.le),
                Sketches.merge(a.sketch, b.sketch),
                merge(a.over, b.over),
                mergeRuns(a.runs, b.runs));
    }

    private static Map<String, SeriesRun> mergeRuns(Map<String, SeriesRun> a, Map<String, SeriesRun> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        TreeMap<String, SeriesRun> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, SeriesRun::merge));
        return m;
    }

    private static Map<String, Double> mergeLe(Map<String, Double> a, Map<String, Double> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        TreeMap<String, Double> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Double::sum));
        return m;
    }
}
