package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked cases of Prometheus' classic-bucket histogram_quantile (promql/quantile.go bucketQuantile):
 * each expected value is computed by hand from the documented algorithm in the comment beside it.
 */
class HistogramQuantileTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                          | q     | buckets (le=cumulative count)          | expected
            # rank 50 lands on le=0.5 (count 50): 0.1 + (0.5-0.1) * (50-10)/(50-10)
            median at a bucket edge                         | 0.5   | 0.1=10 0.5=50 1=90 +Inf=100            | 0.5
            # rank 30 in (0.1, 0.5]: 0.1 + 0.4 * (30-10)/40
            interpolated inside a bucket                    | 0.3   | 0.1=10 0.5=50 1=90 +Inf=100            | 0.3
            # rank 5 in the lowest bucket, bound > 0: from 0, 0.1 * 5/10
            lowest bucket interpolates from zero            | 0.05  | 0.1=10 0.5=50 1=90 +Inf=100            | 0.05
            # rank 95 > 90: it falls in +Inf, so the second-highest bound is returned
            rank in the +Inf bucket gives the highest bound | 0.95  | 0.1=10 0.5=50 1=90 +Inf=100            | 1
            # all observations beyond the last finite bound
            everything in +Inf                              | 0.5   | 0.1=0 1=0 +Inf=7                       | 1
            # zero observations: NaN (an empty window)
            empty window                                    | 0.95  | 0.1=0 0.5=0 +Inf=0                     | NaN
            # only the +Inf bucket: fewer than two buckets after coalescing
            single bucket                                   | 0.5   | +Inf=10                                | NaN
            # no +Inf bucket at all
            highest bound is not +Inf                       | 0.5   | 0.1=10 0.5=20                          | NaN
            # lowest bound <= 0 and the rank falls in it: the bound itself
            non-positive lowest bucket                      | 0.2   | -1=5 0=10 +Inf=10                      | -1
            # counts 10, 8, 12 are forced to 10, 10, 12: rank 6 in the first bucket, 1 * 6/10
            non-monotonic counts are forced monotonic       | 0.5   | 1=10 2=8 +Inf=12                       | 0.6
            # '1' and '1.0' are the same bound: coalesced to 10, rank 5 → 1 * 5/10
            equal bounds written differently are merged     | 0.5   | 1=4 1.0=6 +Inf=10                      | 0.5
            # q outside [0, 1]
            q below zero                                    | -0.1  | 0.1=10 +Inf=10                         | -Infinity
            q above one                                     | 1.1   | 0.1=10 +Inf=10                         | Infinity
            # q = 1: rank 100 first reached in +Inf → highest finite bound
            q of one                                        | 1     | 0.1=10 0.5=50 1=100 +Inf=100           | 1
            # q = 0: rank 0 is reached by the first bucket → its lower edge 0
            q of zero                                       | 0     | 0.1=10 0.5=50 1=100 +Inf=100           | 0
            # '+Inf' may also be written 'Inf'; unreadable bounds are ignored
            Inf without sign and an unreadable bound        | 0.5   | 2=10 oops=99 Inf=10                    | 1
            """)
    void matchesPrometheus(String what, double q, String buckets, double expected) {
        Map<String, Double> le = new LinkedHashMap<>();
        for (String b : buckets.trim().split("\\s+")) {
            String[] kv = b.split("=");
            le.put(kv[0], Double.parseDouble(kv[1]));
        }
        assertEquals(expected, HistogramQuantile.of(q, le), 1e-12, what);
    }

    /**
     * Over per-second rates, as Prometheus interpolates rate() results: each expected value is
     * bucketQuantile (2.42) applied to increase / window, computed in IEEE doubles beside the case.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # rates 1/60, 3/60; rank 0.3 * 0.05 = 0.015 in (0, 0.1]: 0.1 * (0.015 / 0.016666666666666666)
            last digit of a rate, not an increase           | 0.3   | 60  | 0.1=1 0.5=3 +Inf=3                     | 0.09000000000000001
            # over increases the same case gives 0.15000000000000002; over rates 0.15
            and the other way round                         | 0.3   | 60  | 0.1=1 0.5=5 +Inf=5                     | 0.15
            # p99 inside (0.1, 0.5]: 0.1 + 0.4 * ((0.99 * 2/60 - 1/60) / (1/60))
            interpolated above the lowest bucket            | 0.99  | 60  | 0.1=1 0.5=2 +Inf=2                     | 0.4920000000000001
            # zero increase everywhere: NaN, as Prometheus
            zero increase in every bucket                   | 0.95  | 300 | 0.1=0 0.5=0 +Inf=0                     | NaN
            # the +Inf bucket missing: NaN
            no +Inf bucket                                  | 0.5   | 300 | 0.1=3 0.5=6                            | NaN
            # a rank in +Inf gives the second-highest bound
            rank in +Inf                                    | 0.99  | 300 | 0.1=10 0.5=10 +Inf=20                  | 0.5
            # counts 10, 8 → 10, 10 (ensureMonotonic) over rates; rank 0.5*12/300=0.02 in (0, 1]: 1 * 0.02/(10/300)
            monotonicity is forced over rates               | 0.5   | 300 | 1=10 2=8 +Inf=12                       | 0.6
            """)
    void overRatesMatchesPrometheusToTheLastDigit(
            String what, double q, double windowSeconds, String buckets, double expected) {
        Map<String, Double> le = new LinkedHashMap<>();
        for (String b : buckets.trim().split("\\s+")) {
            String[] kv = b.split("=");
            le.put(kv[0], Double.parseDouble(kv[1]));
        }
        double got = HistogramQuantile.ofRates(q, le, windowSeconds);
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), what + ": " + got);
    }
}
