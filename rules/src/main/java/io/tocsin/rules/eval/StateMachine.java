package io.tocsin.rules.eval;

import io.tocsin.core.wire.AlertState;
import java.time.Duration;

/**
 * inactive → pending ({@code for}) → firing → resolved, as a pure function of the previous
 * status, whether the condition holds now ({@link Verdict}), and the time. Table-tested; the
 * topology only stores what it returns and publishes {@link Step#emit()}.
 */
public final class StateMachine {
    private StateMachine() {}

    /** The next status, and the state change to publish (null when there is nothing to say). */
    public record Step(AlertStatus next, AlertState emit) {}

    public static Step step(
            AlertStatus s, boolean holds, double value, long now, Duration forDuration, Duration resendAfter) {
        return step(s, holds, value, now, forDuration, Duration.ZERO, resendAfter);
    }

    /**
     * @param value         the evaluated value, or NaN when the window is empty
     * @param keepFiringFor how long a firing alert stays firing after the condition stopped holding
     * @param resendAfter   how often a firing alert is re-published so readers can rebuild their view
     */
    public static Step step(
            AlertStatus s,
            boolean holds,
            double value,
            long now,
            Duration forDuration,
            Duration keepFiringFor,
            Duration resendAfter) {
        double shown = Double.isNaN(value) ? s.value() : value;
        long held = holds ? now : s.lastHeldMs();
        long pending = s.pendingSinceMs();
        switch (s.phase()) {
            case INACTIVE:
                if (!holds) {
                    return new Step(s, null);
                }
                if (forDuration.isZero()) {
                    return new Step(new AlertStatus(Phase.FIRING, now, value, now, now, 0), AlertState.FIRING);
                }
                return new Step(new AlertStatus(Phase.PENDING, now, value, now, now, now), AlertState.PENDING);
            case PENDING:
                if (!holds) {
                    // the RESOLVED names the pending alert it ends: same startsAt, so the same alert
                    return new Step(
                            new AlertStatus(Phase.INACTIVE, s.activeSinceMs(), shown, now, held, pending),
                            AlertState.RESOLVED);
                }
                if (now - s.activeSinceMs() >= forDuration.toMillis()) {
                    // startsAt is when it fired, as Prometheus sends it; when it became pending is kept
                    return new Step(
                            new AlertStatus(Phase.FIRING, now, value, now, held, s.activeSinceMs()), AlertState.FIRING);
                }
                return new Step(
                        new AlertStatus(Phase.PENDING, s.activeSinceMs(), value, s.lastEmittedMs(), held, pending),
                        null);
            case FIRING:
            default:
                boolean kept = !holds && now - s.lastHeldMs() < keepFiringFor.toMillis();
                if (!holds && !kept) {
                    return new Step(
                            new AlertStatus(Phase.INACTIVE, s.activeSinceMs(), shown, now, held, pending),
                            AlertState.RESOLVED);
                }
                if (now - s.lastEmittedMs() >= resendAfter.toMillis()) {
                    return new Step(
                            new AlertStatus(Phase.FIRING, s.activeSinceMs(), shown, now, held, pending),
                            AlertState.FIRING);
                }
                return new Step(
                        new AlertStatus(Phase.FIRING, s.activeSinceMs(), shown, s.lastEmittedMs(), held, pending),
                        null);
        }
    }
}
