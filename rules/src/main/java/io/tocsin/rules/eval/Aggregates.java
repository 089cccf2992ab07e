package io.tocsin.rules.eval;

import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.util.OptionalDouble;

/** The value a rule's condition looks at, from the merged partial of its window: pure, table-tested. */
public final class Aggregates {
    private Aggregates() {}

    /**
     * @param p      the window's merged partial, or null when it is empty
     * @param now    the end of the window (predict_linear extrapolates from here)
     * @return empty when there is no data to judge (a NaN result counts as no data)
     */
    public static OptionalDouble value(Rule rule, Partial p, long now) {
        OptionalDouble v =
                value(rule.aggregate(), rule.aggregateArg(), rule.window().toMillis(), rule.over() != null, p, now);
        // absent's 1/0 is a verdict, not a value to scale; PromQL applies arithmetic to what it selects
        if (v.isEmpty() || rule.math().steps().isEmpty() || rule.aggregate() == Aggregation.ABSENT) {
            return v;
        }
        double scaled = rule.math().apply(v.getAsDouble());
        // a NaN that PromQL computes (0/0 of two series) stays a value: it satisfies only '!='
        return rule.aggregate().promqlDivision() ? OptionalDouble.of(scaled) : present(scaled);
    }

    public static OptionalDouble value(Aggregation fn, double arg, long windowMs, boolean ratio, Partial p, long now) {
        if (fn == Aggregation.ABSENT) {
            // by the newest sample's own time, not its bucket's: silence is measured to the millisecond
            return OptionalDouble.of(p == null || p.count() == 0 || p.lastTs() < now - windowMs ? 1 : 0);
        }
        if (p == null) {
            return OptionalDouble.empty();
        }
        if (fn == Aggregation.HISTOGRAM_QUANTILE && p.le() != null && !p.le().isEmpty()) {
            // Buckets seen but no increase in any (or no +Inf): Prometheus' value is NaN, not "no series".
            // NaN compares false except with !=, exactly as in PromQL.
            return OptionalDouble.of(HistogramQuantile.ofRates(arg, p.le(), windowMs / 1000.0));
        }
        if (fn == Aggregation.PROM_HISTOGRAM_QUANTILE) {
            return PerSeries.histogramQuantile(arg, p, now, windowMs);
        }
        if (ratio) {
            double den = of(fn, arg, windowMs, p.over(), now);
            if (fn.promqlDivision()) {
                // NaN on a side is a side without series: PromQL has no result. Else its division:
                // x/0 is ±Inf and 0/0 NaN, which satisfies only '!='.
                double num = of(fn, arg, windowMs, p, now);
                return Double.isNaN(num) || Double.isNaN(den) ? OptionalDouble.empty() : OptionalDouble.of(num / den);
            }
            double num = p.count() == 0 && additive(fn) ? 0 : of(fn, arg, windowMs, p, now);
            return present(den == 0 ? Double.NaN : num / den);
        }
        return present(of(fn, arg, windowMs, p, now));
    }

    /**
     * How many times its usual rate the window runs at. The baseline's rate is floored at one event
     * per baseline, so a first-ever burst is large but finite, and an empty window is 0.
     */
    public static OptionalDouble spike(Partial window, Partial baseline, long windowMs, long baselineMs) {
        double now = (window == null ? 0 : window.sum()) / (windowMs / 1000.0);
        double usual = Math.max(baseline == null ? 0 : baseline.sum(), 1) / (baselineMs / 1000.0);
        return present(now / usual);
    }

    private static boolean additive(Aggregation fn) {
        return fn == Aggregation.SUM
                || fn == Aggregation.COUNT
                || fn == Aggregation.RATE
                || fn == Aggregation.INCREASE
                || fn == Aggregation.PROM_RATE
                || fn == Aggregation.PROM_INCREASE;
    }

    private static double of(Aggregation fn, double arg, long windowMs, Partial p, long now) {
        if (p == null || p.count() == 0) {
            return Double.NaN;
        }
        return switch (fn) {
            case SUM, INCREASE -> p.sum();
            case AVG -> p.sum() / p.count();
            case MIN -> p.min();
            case MAX -> p.max();
            case COUNT -> p.count();
            case LAST, PROM_LAST -> p.last();
            case RATE -> p.sum() / (windowMs / 1000.0);
            case DELTA -> p.last() - p.first();
            case DERIV -> p.line() == null ? Double.NaN : p.line().slope();
            case PREDICT_LINEAR -> p.line() == null ? Double.NaN : p.line().valueAt(now + (long) (arg * 1000));
            case HISTOGRAM_QUANTILE -> HistogramQuantile.ofRates(arg, p.le(), windowMs / 1000.0);
            case QUANTILE -> Sketches.quantile(p.sketch(), arg);
            case ABSENT -> p.count() == 0 ? 1 : 0;
            case SPIKE -> Double.NaN; // needs the baseline too: see spike()
            case PROM_RATE, PROM_INCREASE, PROM_DELTA -> PerSeries.sum(fn, p, now, windowMs);
            case PROM_HISTOGRAM_QUANTILE ->
                PerSeries.histogramQuantile(arg, p, now, windowMs).orElse(Double.NaN);
        };
    }

    private static OptionalDouble present(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
