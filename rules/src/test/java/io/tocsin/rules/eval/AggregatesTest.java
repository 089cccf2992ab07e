package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.rules.model.Aggregation;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each function evaluated on partials merged the way stage 1 and stage 2 merge them. */
class AggregatesTest {
    private static final long W = 300_000; // a 5-minute window
    private static final long NOW = 1_000_000;

    /** Points as "seconds:value", each its own partial, merged in the given order. */
    private static Partial points(Aggregation fn, String points) {
        Partial acc = null;
        for (String p : points.trim().split("\\s+")) {
            String[] tv = p.split(":");
            long ts = NOW - W + Long.parseLong(tv[0]) * 1000;
            double v = Double.parseDouble(tv[1]);
            Partial one = Partial.of(v, ts);
            if (fn == Aggregation.DERIV || fn == Aggregation.PREDICT_LINEAR) {
                one = one.withLine(Regression.of(ts, v));
            }
            acc = Partial.merge(acc, one);
        }
        return acc;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                        | fn             | arg   | points (s:value)     | expected
            sum                                           | SUM            | NaN   | 0:1 10:2 20:3        | 6
            avg                                           | AVG            | NaN   | 0:1 10:2 20:3        | 2
            last ignores arrival order                    | LAST           | NaN   | 20:3 0:1 10:2        | 3
            count                                         | COUNT          | NaN   | 0:1 10:2 20:3        | 3
            increase is the sum of the per-series increases | INCREASE     | NaN   | 0:0 10:30 20:30      | 60
            rate divides the increase by the window       | RATE           | NaN   | 0:0 10:30 20:30      | 0.2
            delta is last minus first, in any order       | DELTA          | NaN   | 60:7 0:10 30:4       | -3
            deriv is the least-squares slope per second   | DERIV          | NaN   | 0:10 60:20 120:30    | 0.16666666666666666
            deriv of a noisy line                         | DERIV          | NaN   | 0:0 10:12 20:18 30:30 | 0.96
            # the line is at 60 at the window's end (300 s), plus 4 h at 1/6 per s
            predict_linear extrapolates from the window end | PREDICT_LINEAR | 14400 | 0:10 60:20 120:30 | 2460
            """)
    void evaluates(String what, Aggregation fn, double arg, String pts, double expected) {
        OptionalDouble v = Aggregates.value(fn, arg, W, false, points(fn, pts), NOW);
        assertTrue(v.isPresent(), what);
        assertEquals(expected, v.getAsDouble(), 1e-9, what);
    }

    @Test
    void predictLinearLooksAheadFromTheEvaluationTime() {
        // 10, 20, 30 at 0, 60, 120 s: slope 1/6 per s; at now = 120 s, 4 h ahead is 30 + 14400/6.
        Partial p = points(Aggregation.PREDICT_LINEAR, "0:10 60:20 120:30");
        long now = NOW - W + 120_000;
        assertEquals(
                2430,
                Aggregates.value(Aggregation.PREDICT_LINEAR, 14_400, W, false, p, now)
                        .getAsDouble(),
                1e-9);
    }

    @Test
    void regressionMergesTheSameInAnyOrder() {
        Regression a = Regression.merge(
                Regression.merge(Regression.of(1000, 1), Regression.of(5000, 4)), Regression.of(9000, 2));
        Regression b = Regression.merge(
                Regression.of(9000, 2), Regression.merge(Regression.of(5000, 4), Regression.of(1000, 1)));
        assertEquals(a.slope(), b.slope(), 1e-12);
        assertEquals(a.valueAt(20_000), b.valueAt(20_000), 1e-9);
    }

    @Test
    void aRatioDividesTheFunctionOfTheTwoSelections() {
        // 5xx increased by 3, all requests by 300: error rate 1%
        Partial errors = Partial.of(3, NOW - 1000);
        Partial all = Partial.of(300, NOW - 1000);
        Partial p = errors.withOver(all);
        assertEquals(
                0.01,
                Aggregates.value(Aggregation.RATE, Double.NaN, W, true, p, NOW).getAsDouble(),
                1e-12);
        // no 5xx at all yet, requests flowing: 0, not missing
        Partial onlyAll = Partial.EMPTY.withOver(all);
        assertEquals(
                0.0,
                Aggregates.value(Aggregation.RATE, Double.NaN, W, true, onlyAll, NOW)
                        .getAsDouble());
        // no requests: no ratio to judge
        assertTrue(Aggregates.value(Aggregation.RATE, Double.NaN, W, true, errors, NOW)
                .isEmpty());
        assertTrue(Aggregates.value(Aggregation.RATE, Double.NaN, W, true, errors.withOver(Partial.of(0, NOW)), NOW)
                .isEmpty());
    }

    @Test
    void histogramQuantileReadsTheMergedBucketsAndIsNaNWithoutObservations() {
        Partial a = Partial.of(0, NOW).withLe(Map.of("0.5", 40.0, "1", 45.0, "+Inf", 50.0));
        Partial b = Partial.of(0, NOW).withLe(Map.of("0.5", 40.0, "1", 45.0, "+Inf", 50.0));
        // merged: 80, 90, 100; p95 rank 95 falls in +Inf → 1
        assertEquals(
                1.0,
                Aggregates.value(Aggregation.HISTOGRAM_QUANTILE, 0.95, W, false, Partial.merge(a, b), NOW)
                        .getAsDouble());
        // p50 rank 50 in (0, 0.5]: 0.5 * 50/80
        assertEquals(
                0.3125,
                Aggregates.value(Aggregation.HISTOGRAM_QUANTILE, 0.5, W, false, Partial.merge(a, b), NOW)
                        .getAsDouble());
        Partial empty = Partial.of(0, NOW).withLe(Map.of("0.5", 0.0, "+Inf", 0.0));
        // buckets seen, no increase in any: Prometheus' value is NaN (compares false but for !=), not "no series"
        assertTrue(
                Double.isNaN(Aggregates.value(Aggregation.HISTOGRAM_QUANTILE, 0.95, W, false, empty, NOW)
                        .getAsDouble()),
                "no observations");
        assertTrue(
                Aggregates.value(Aggregation.HISTOGRAM_QUANTILE, 0.95, W, false, null, NOW)
                        .isEmpty(),
                "no samples: no series");
    }

    @Test
    void quantileOfRawValuesIsWithinOnePercentAndMergeable() {
        List<Partial> parts = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> Partial.of(i, NOW).withSketch(Sketches.of(i)))
                .toList();
        Partial left = parts.subList(0, 500).stream().reduce(null, Partial::merge);
        Partial right = parts.subList(500, 1000).stream().reduce(null, Partial::merge);
        double p95 = Aggregates.value(Aggregation.QUANTILE, 0.95, W, false, Partial.merge(right, left), NOW)
                .getAsDouble();
        assertEquals(950, p95, 950 * 0.01 + 1, "p95 of 1..1000");
        double p50 = Aggregates.value(Aggregation.QUANTILE, 0.5, W, false, Partial.merge(left, right), NOW)
                .getAsDouble();
        assertEquals(500, p50, 500 * 0.01 + 1);
    }

    @Test
    void absentIsOneForAnEmptyWindowAndZeroOtherwise() {
        assertEquals(
                1.0,
                Aggregates.value(Aggregation.ABSENT, Double.NaN, W, false, null, NOW)
                        .getAsDouble());
        assertEquals(
                0.0,
                Aggregates.value(Aggregation.ABSENT, Double.NaN, W, false, Partial.of(1, NOW), NOW)
                        .getAsDouble());
    }

    @Test
    void anEmptyWindowHasNoValue() {
        for (Aggregation fn : Aggregation.values()) {
            if (fn != Aggregation.ABSENT) {
                assertTrue(Aggregates.value(fn, 0.5, W, false, null, NOW).isEmpty(), fn.name());
            }
        }
    }
}
