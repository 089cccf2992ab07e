package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.AlertState;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateMachineTest {
    private static final Duration RESEND = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                        | phase    | since | emitted | holds | now    | for | next     | emit
            inactive and quiet stays quiet                | INACTIVE | 0     | 0       | false | 10000  | 30  | INACTIVE | -
            a breach without for fires at once            | INACTIVE | 0     | 0       | true  | 10000  | 0   | FIRING   | FIRING
            a breach with for goes pending                | INACTIVE | 0     | 0       | true  | 10000  | 30  | PENDING  | PENDING
            pending before for has passed stays pending   | PENDING  | 10000 | 10000   | true  | 39999  | 30  | PENDING  | -
            pending fires once for has passed             | PENDING  | 10000 | 10000   | true  | 40000  | 30  | FIRING   | FIRING
            pending that recovers goes back to inactive   | PENDING  | 10000 | 10000   | false | 20000  | 30  | INACTIVE | RESOLVED
            firing stays firing silently between resends  | FIRING   | 10000 | 40000   | true  | 99999  | 30  | FIRING   | -
            firing is re-published every resend interval  | FIRING   | 10000 | 40000   | true  | 100000 | 30  | FIRING   | FIRING
            firing that recovers resolves                 | FIRING   | 10000 | 40000   | false | 50000  | 30  | INACTIVE | RESOLVED
            """)
    void stepsLikePrometheus(
            String what,
            Phase phase,
            long since,
            long emitted,
            boolean holds,
            long now,
            long forSeconds,
            Phase next,
            AlertState emit) {
        StateMachine.Step step = StateMachine.step(
                new AlertStatus(phase, since, 1.0, emitted), holds, 2.0, now, Duration.ofSeconds(forSeconds), RESEND);
        assertEquals(next, step.next().phase(), what);
        assertEquals(emit, step.emit(), what);
        if (emit != null && phase == next) {
            assertEquals(since, step.next().activeSinceMs(), what + ": the change names the alert's own startsAt");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                             | last held | holds | now   | keep | next     | emit
            firing within keep_firing_for of the last breach   | 50000     | false | 79999 | 30   | FIRING   | -
            firing once keep_firing_for has passed resolves    | 50000     | false | 80000 | 30   | INACTIVE | RESOLVED
            a new breach restarts keep_firing_for              | 50000     | true  | 79999 | 30   | FIRING   | -
            without keep_firing_for it resolves at once        | 50000     | false | 50001 | 0    | INACTIVE | RESOLVED
            """)
    void keepFiringForHoldsAFiringAlert(
            String what, long lastHeld, boolean holds, long now, long keepSeconds, Phase next, AlertState emit) {
        AlertStatus firing = new AlertStatus(Phase.FIRING, 10_000, 1, 60_000, lastHeld);
        StateMachine.Step step = StateMachine.step(
                firing, holds, 2, now, Duration.ofSeconds(30), Duration.ofSeconds(keepSeconds), RESEND);
        assertEquals(next, step.next().phase(), what);
        assertEquals(emit, step.emit(), what);
        if (holds) {
            assertEquals(now, step.next().lastHeldMs(), what);
        }
    }

    @org.junit.jupiter.api.Test
    void aRuleWithForStartsFiringAtTheFiringTimeAndKeepsWhenItBecamePending() {
        StateMachine.Step pending =
                StateMachine.step(AlertStatus.INACTIVE, true, 3, 10_000, Duration.ofSeconds(30), RESEND);
        assertEquals(10_000, pending.next().activeSinceMs(), "a pending alert starts when it became pending");
        StateMachine.Step firing = StateMachine.step(pending.next(), true, 3, 40_500, Duration.ofSeconds(30), RESEND);
        assertEquals(AlertState.FIRING, firing.emit());
        assertEquals(40_500, firing.next().activeSinceMs(), "startsAt is the firing time, as Prometheus sends it");
        assertEquals(10_000, firing.next().pendingSinceMs(), "the pending start is kept");
        StateMachine.Step resent =
                StateMachine.step(firing.next(), true, 3, 40_500 + 60_000, Duration.ofSeconds(30), RESEND);
        assertEquals(AlertState.FIRING, resent.emit());
        assertEquals(40_500, resent.next().activeSinceMs(), "a resend names the same alert");
        StateMachine.Step resolved =
                StateMachine.step(resent.next(), false, 1, 200_000, Duration.ofSeconds(30), RESEND);
        assertEquals(AlertState.RESOLVED, resolved.emit());
        assertEquals(40_500, resolved.next().activeSinceMs(), "the resolve names the firing alert it ends");
        assertEquals(10_000, resolved.next().pendingSinceMs());
    }
}
