package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionTest {
    private static final Instant STARTS = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant OTHER_START = Instant.parse("2026-01-10T12:00:00Z");
    private static final Instant TOLD_AT = Instant.parse("2026-01-10T10:00:05Z");
    private static final Duration REPEAT = Duration.ofHours(4);
    private static final Sent TOLD_FIRING = new Sent(AlertState.FIRING, STARTS, TOLD_AT, "{}:{}", 0);

    static Stream<Arguments> table() {
        return Stream.of(
                // state, startsAt, told, now, expected
                Arguments.of(AlertState.PENDING, STARTS, null, TOLD_AT, Decision.SKIP_PENDING),
                Arguments.of(AlertState.PENDING, STARTS, TOLD_FIRING, TOLD_AT, Decision.SKIP_PENDING),
                Arguments.of(AlertState.FIRING, STARTS, null, TOLD_AT, Decision.NOTIFY_FIRING),
                Arguments.of(AlertState.FIRING, STARTS, TOLD_FIRING, TOLD_AT.plusSeconds(1), Decision.SKIP_ALREADY_TOLD),
                Arguments.of(AlertState.FIRING, STARTS, TOLD_FIRING, TOLD_AT.plus(REPEAT).minusMillis(1),
                        Decision.SKIP_ALREADY_TOLD),
                Arguments.of(AlertState.FIRING, STARTS, TOLD_FIRING, TOLD_AT.plus(REPEAT), Decision.NOTIFY_REPEAT),
                Arguments.of(AlertState.FIRING, STARTS, TOLD_FIRING, TOLD_AT.minusSeconds(60), Decision.SKIP_ALREADY_TOLD),
                Arguments.of(AlertState.FIRING, OTHER_START, TOLD_FIRING, TOLD_AT.plusSeconds(1), Decision.NOTIFY_REFIRED),
                Arguments.of(AlertState.FIRING, null, TOLD_FIRING, TOLD_AT.plusSeconds(1), Decision.SKIP_ALREADY_TOLD),
                Arguments.of(AlertState.RESOLVED, STARTS, TOLD_FIRING, TOLD_AT.plusSeconds(1), Decision.NOTIFY_RESOLVED),
                Arguments.of(AlertState.RESOLVED, OTHER_START, TOLD_FIRING, TOLD_AT, Decision.NOTIFY_RESOLVED),
                Arguments.of(AlertState.RESOLVED, STARTS, null, TOLD_AT, Decision.SKIP_NEVER_TOLD));
    }

    @ParameterizedTest(name = "{0} (startsAt {1}), told {2}, at {3} -> {4}")
    @MethodSource("table")
    void decidesWhetherTheReceiverIsTold(AlertState state, Instant startsAt, Sent told, Instant now, Decision expected) {
        assertEquals(expected, Decision.decide(state, startsAt, told, now, REPEAT));
    }

    @Test
    void everyDecisionSaysWhyAndWhatItTells() {
        for (Decision d : Decision.values()) {
            assertFalse(d.reason().isBlank(), d.name());
            assertEquals(d.name().startsWith("NOTIFY"), d.notifies(), d.name());
        }
        assertEquals(AlertState.RESOLVED, Decision.NOTIFY_RESOLVED.tells());
        assertTrue(Stream.of(Decision.NOTIFY_FIRING, Decision.NOTIFY_REPEAT, Decision.NOTIFY_REFIRED)
                .allMatch(d -> d.tells() == AlertState.FIRING));
    }

    @Test
    void decisionIdsAreStableAndDistinguishStatusEpisodeAndRepeat() {
        String first = DecisionId.of("team", "fp", AlertState.FIRING, STARTS, 0);
        assertEquals(first, DecisionId.of("team", "fp", AlertState.FIRING, STARTS, 0));
        assertEquals(32, first.length());
        assertTrue(Stream.of(
                        DecisionId.of("other", "fp", AlertState.FIRING, STARTS, 0),
                        DecisionId.of("team", "fp2", AlertState.FIRING, STARTS, 0),
                        DecisionId.of("team", "fp", AlertState.RESOLVED, STARTS, 0),
                        DecisionId.of("team", "fp", AlertState.FIRING, OTHER_START, 0),
                        DecisionId.of("team", "fp", AlertState.FIRING, STARTS, 1))
                .noneMatch(first::equals));
    }
}
