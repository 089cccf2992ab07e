package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtrapolatedRateTest {
    /**
     * The expected column is what promtool 2.42 printed for {@code rate(x[5m])} at 5m over samples
     * every 45 s (tests/.../promdiff/rates.values.test.yml), to the last digit.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a counter starting high, samples off both edges          | 0:1000 45:1030 90:1060 135:1090 180:1120 225:1150 270:1180 | 0.6666666666666667
            a reset, extrapolated no further back than zero         | 0:0 45:2 90:3 135:5 180:1 225:2 270:4                      | 0.03333333333333333
            a series appearing within the range starts at its zero  | 180:0 225:7 270:14                                         | 0.06222222222222222
            one sample has no rate                                  | 270:14                                                     | NaN
            """)
    void aRateIsPrometheusOwnToTheLastDigit(String what, String samples, double expected) {
        SeriesRun run = runOf(samples, false);
        double got = ExtrapolatedRate.of(run, 300_000, 300_000, true, true);
        assertEquals(expected, got, what);
    }

    @Test
    void runsMergeToTheSameWhateverTheOrderOfTheirParts() {
        String samples = "0:0 45:2 90:3 135:5 180:1 225:2 270:4";
        SeriesRun ordered = runOf(samples, false);
        assertEquals(ordered, runOf(samples, true));
        assertEquals(7, ordered.count());
        assertEquals(9, ordered.increase(), "4 − 0 plus the 5 before the drop");
    }

    @Test
    void deltaDoesNotTreatADropAsAReset() {
        SeriesRun run = runOf("0:20 45:20.5 90:21.25 135:21 180:22.75 225:23 270:22.5", false);
        double delta = ExtrapolatedRate.of(run, 300_000, 300_000, false, false);
        // last − first (2.5) over 270 s of samples, stretched by the 30 s to the end (< 1.1 × 45 s)
        assertEquals(2.5 * 300 / 270, delta, 1e-12);
        assertTrue(ExtrapolatedRate.of(run, 300_000, 300_000, true, false) > delta, "as a counter the drops add");
    }

    private static SeriesRun runOf(String samples, boolean shuffle) {
        List<SeriesRun> singles = new ArrayList<>();
        for (String s : samples.trim().split("\\s+")) {
            String[] p = s.split(":");
            singles.add(SeriesRun.of(Double.parseDouble(p[1]), Long.parseLong(p[0]) * 1000, null));
        }
        if (shuffle) {
            // adjacent runs merged in a scrambled order, as buckets merge: pairs first, then the rest
            List<SeriesRun> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < singles.size(); i += 2) {
                pairs.add(SeriesRun.merge(singles.get(i + 1), singles.get(i)));
            }
            if (singles.size() % 2 == 1) {
                pairs.add(singles.get(singles.size() - 1));
            }
            SeriesRun acc = pairs.get(pairs.size() - 1);
            for (int i = pairs.size() - 2; i >= 0; i--) {
                acc = SeriesRun.merge(acc, pairs.get(i));
            }
            return acc;
        }
        SeriesRun acc = null;
        for (SeriesRun r : singles) {
            acc = SeriesRun.merge(acc, r);
        }
        return acc;
    }
}
