package io.tocsin.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgoTest {
    @ParameterizedTest(name = "{0} s reads {1}")
    @CsvSource({"0, 0s", "59, 59s", "60, 1m", "192, 3m 12s", "3600, 1h", "7500, 2h 5m", "90000, 1d 1h"})
    void spansReadAsTheirTwoLargestUnits(long seconds, String text) {
        assertEquals(text, Ago.span(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({"2026-12-05T08:58:00Z, 2m ago", "2026-12-05T09:04:00Z, in 4m", "0001-01-01T00:00:00Z, ''"})
    void timesReadAsAgoOrIn(String at, String text) {
        assertEquals(text, Ago.since(Ago.parse(at), Instant.parse("2026-12-05T09:00:00Z")));
    }
}
