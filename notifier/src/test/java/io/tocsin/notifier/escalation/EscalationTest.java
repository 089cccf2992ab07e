package io.tocsin.notifier.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Step timing and advancing as tables: which steps a flush at a given time sends. */
class EscalationTest {
    private static final Instant START = Instant.parse("2026-01-10T10:00:00Z");
    private static final EscalationPolicy POLICY = new EscalationPolicy(
            "db",
            List.of(
                    new EscalationPolicy.Step(List.of("primary"), Duration.ofMinutes(5)),
                    new EscalationPolicy.Step(List.of("secondary", "lead"), Duration.ofMinutes(10))),
            1);

    static Stream<Arguments> advances() {
        return Stream.of(
                // from step, seconds after start, firing, steps sent, receivers, next step, next due (s after start)
                Arguments.of(0, 0, true, List.of(0), List.of("primary"), 1, 300L),
                Arguments.of(1, 299, true, List.of(), List.of(), 1, 300L),
                Arguments.of(1, 300, true, List.of(1), List.of("secondary", "lead"), 2, 900L),
                Arguments.of(2, 900, true, List.of(2), List.of("primary"), 3, 1200L),
                Arguments.of(3, 1200, true, List.of(3), List.of("secondary", "lead"), 4, null),
                Arguments.of(1, 1000, true, List.of(1, 2), List.of("secondary", "lead", "primary"), 3, 1200L),
                Arguments.of(1, 300, false, List.of(), List.of(), 2, 900L));
    }

    @ParameterizedTest(name = "step {0} at {1}s firing={2}")
    @MethodSource("advances")
    void advances(
            int from,
            int seconds,
            boolean firing,
            List<Integer> steps,
            List<String> receivers,
            int next,
            Long nextDue) {
        Escalation e = new Escalation("db", START, from, POLICY.dueOf(from, START), null, false);
        Escalation.Advance a = e.advance(POLICY, START.plusSeconds(seconds), firing);
        assertEquals(steps, a.steps());
        assertEquals(receivers, a.receivers());
        assertEquals(next, a.next().nextStep());
        assertEquals(
                nextDue == null ? null : START.plusSeconds(nextDue), a.next().nextDue());
    }

    @Test
    void aStoppedEscalationSendsNothing() {
        Escalation stopped = Escalation.start(POLICY, START).stop();
        assertEquals(
                List.of(),
                stopped.advance(POLICY, START.plusSeconds(5000), true).receivers());
    }

    @Test
    void aRepeatedPolicyWithoutWaitsIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new EscalationPolicy("loop", List.of(new EscalationPolicy.Step(List.of("a"), Duration.ZERO)), 3));
    }
}
