package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which silence posts with an existing id update it in place and which replace it under a new id (Alertmanager's canUpdate). */
class SilenceUpdatesTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");
    private static final List<SilenceMatcher> DB = List.of(new SilenceMatcher("instance", "db-1", false, true));
    private static final List<SilenceMatcher> WEB = List.of(new SilenceMatcher("instance", "web-1", false, true));

    private static Silence silence(int startMinutes, int endMinutes) {
        return new Silence(
                "s1", DB, NOW.plusSeconds(startMinutes * 60L), NOW.plusSeconds(endMinutes * 60L), "ann", "why", NOW);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, existing (start, end minutes from now), posted matchers, start, end, in place
                Arguments.of("an active silence extended, same start", -10, 10, DB, -10, 60, true),
                Arguments.of("an active silence shortened to now", -10, 10, DB, -10, 0, true),
                Arguments.of("an active silence with other matchers", -10, 10, WEB, -10, 60, false),
                Arguments.of("an active silence with a moved start", -10, 10, DB, -5, 60, false),
                Arguments.of("an active silence ended in the past", -10, 10, DB, -10, -1, false),
                Arguments.of("a pending silence moved later", 10, 20, DB, 15, 30, true),
                Arguments.of("a pending silence moved to start in the past", 10, 20, DB, -1, 30, false),
                Arguments.of("an expired silence, whatever the change", -20, -10, DB, -20, 30, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String name, int start, int end, List<SilenceMatcher> matchers, int newStart, int newEnd, boolean inPlace) {
        assertEquals(
                inPlace,
                SilenceUpdates.inPlace(
                        silence(start, end),
                        matchers,
                        NOW.plusSeconds(newStart * 60L),
                        NOW.plusSeconds(newEnd * 60L),
                        NOW));
    }

    @Test
    void anActiveSilencesStartSentBackInMillisecondsIsUnchanged() {
        Instant stored = NOW.minusSeconds(600).plusNanos(560_123_456);
        Silence active = new Silence("s", DB, stored, NOW.plusSeconds(600), "it", "c", stored);
        Instant asShown = stored.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertTrue(SilenceUpdates.inPlace(active, DB, asShown, NOW.plusSeconds(3600), NOW));
        assertFalse(SilenceUpdates.inPlace(active, DB, stored.plusSeconds(1), NOW.plusSeconds(3600), NOW));
    }
}
