package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"0, 0", "500ms, 500", "30s, 30000", "5m, 300000", "4h, 14400000", "1h30m, 5400000",
        "1d, 86400000", "1w, 604800000", "1y, 31536000000", "1m30s500ms, 90500"})
    void readsPrometheusDurations(String text, long ms) {
        assertEquals(Duration.ofMillis(ms), Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "4", "4 h", "h", "30m1h", "-5s", "1.5h", "99999999999999999999y"})
    void refusesWhatPrometheusRefuses(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"0, 0s", "500, 500ms", "5400000, 1h30m", "90500, 1m30s500ms"})
    void printsTheShortestForm(long ms, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(ms)));
    }
}
