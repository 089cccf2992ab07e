package io.tocsin.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cases of Prometheus' model.ParseDuration and Duration.String tests, plus the ones we got wrong. */
class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        "0, 0",
        "0s, 0",
        "324ms, 324",
        "3s, 3000",
        "5m, 300000",
        "1h, 3600000",
        "1h30m, 5400000",
        "4d, 345600000",
        "4d1h, 349200000",
        "14d, 1209600000",
        "3w, 1814400000",
        "3w2d1h, 1990800000",
        "10y, 315360000000",
        "1y1w1d1h1m1s1ms, 32230861001",
    })
    void acceptsPrometheusDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(
            strings = {
                "",
                "5m1h",
                "30s5s",
                "1.5h",
                "-1s",
                "1",
                "1 h",
                "h",
                "1H",
                "1hh",
                "1s1h",
                "99999999999999999999y",
                "100000000000y"
            })
    void refusesWhatPrometheusRefuses(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(true, e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} ms prints as {1}")
    @CsvSource({
        "0, 0s",
        "500, 500ms",
        "90000, 1m30s",
        "5400000, 1h30m",
        "604800000, 1w",
        "777600000, 9d",
        "31536000000, 1y",
        "7776000000, 90d",
        "1990800000, 23d1h",
    })
    void printsLikePrometheus(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }
}
