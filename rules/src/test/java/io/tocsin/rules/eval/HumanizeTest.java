package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what Prometheus' template functions print for the same inputs. */
class HumanizeTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "1234, 1.234k", "1234567, 1.235M", "0.0012, 1.2m", "12.5, 12.5", "-2500, -2.5k"})
    void humanize(double v, String expected) {
        assertEquals(expected, Humanize.humanize(v));
    }

    @ParameterizedTest
    @CsvSource({"0.0234, 2.34%", "1, 100%", "0.5, 50%"})
    void humanizePercentage(double v, String expected) {
        assertEquals(expected, Humanize.percentage(v));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1.5, 1.5s",
        "61, 1m 1s",
        "3661, 1h 1m 1s",
        "90061, 1d 1h 1m 1s",
        "0.35, 350ms",
        "0.0002, 200us"
    })
    void humanizeDuration(double v, String expected) {
        assertEquals(expected, Humanize.duration(v));
    }
}
