package io.tocsin.server.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.server.watchdog.Switch.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwitchTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "heartbeat {0} s old, alarmed={1}: {2}")
    @CsvSource({
        "0,   false, QUIET",
        "60,  false, QUIET", // exactly the timeout is still in time
        "61,  false, RAISE",
        "300, true,  STILL_RAISED",
        "10,  true,  CLEAR",
    })
    void decidesByTheAgeOfTheNewestHeartbeat(long ageSeconds, boolean alarmed, Action expected) {
        Switch s = new Switch(T0, alarmed);
        assertEquals(expected, s.decide(T0.plusSeconds(ageSeconds), TIMEOUT).action());
    }

    @ParameterizedTest(name = "a beat carrying a heartbeat {0} s after the newest moves it to {1}")
    @CsvSource({"30, 30", "-30, 0", "0, 0"})
    void onlyANewerHeartbeatCounts(long offset, long expected) {
        Switch s = new Switch(T0, false).beat(T0.plusSeconds(offset));
        assertEquals(T0.plusSeconds(expected), s.freshest());
    }

    @org.junit.jupiter.api.Test
    void raisingAndClearingFlipTheAlarmOnlyOnce() {
        Switch s = new Switch(T0, false).after(Action.RAISE);
        assertEquals(Action.STILL_RAISED, s.decide(T0.plusSeconds(100), TIMEOUT).action());
        Switch back = s.beat(T0.plusSeconds(95));
        assertEquals(Action.CLEAR, back.decide(T0.plusSeconds(100), TIMEOUT).action());
        assertEquals(
                Action.QUIET,
                back.after(Action.CLEAR).decide(T0.plusSeconds(100), TIMEOUT).action());
    }
}
