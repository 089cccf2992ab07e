package io.tocsin.rules.eval;

import io.tocsin.core.wire.AlertState;
import java.time.Duration;

/**
 * inactive → pending ({@code for}) → firing → resolved, as a pure function of the previous
 * status, whether the condition holds now, and the time. Table-tested; the topology only
 * stores what it returns and publishes {@link Step#emit()}.
 */
public final class StateMachine {
    private StateMachine() {}

    /** The next status, and the state change to publish (null when there is nothing to say). */
    public record Step(AlertStatus next, AlertState emit) {}

    /**
     * @param value     the evaluated value, or NaN when the window is empty (missing data resolves)
     * @param resendAfter how often a firing alert is re-published so readers can rebuild their view
     */
    public static Step step(AlertStatus s, boolean holds, double value, long now, Duration forDuration, Duration resendAfter) {
        double shown = Double.isNaN(value) ? s.value() : value;
        switch (s.phase()) {
            case INACTIVE:
                if (!holds) {
                    return new Step(s, null);
                }
                if (forDuration.isZero()) {
                    return new Step(new AlertStatus(Phase.FIRING, now, value, now), AlertState.FIRING);
                }
                return new Step(new AlertStatus(Phase.PENDING, now, value, now), AlertState.PENDING);
            case PENDING:
                if (!holds) {
                    return new Step(new AlertStatus(Phase.INACTIVE, 0, shown, now), AlertState.RESOLVED);
                }
                if (now - s.activeSinceMs() >= forDuration.toMillis()) {
                    return new Step(new AlertStatus(Phase.FIRING, s.activeSinceMs(), value, now), AlertState.FIRING);
                }
                return new Step(new AlertStatus(Phase.PENDING, s.activeSinceMs(), value, s.lastEmittedMs()), null);
            case FIRING:
            default:
                if (!holds) {
                    return new Step(new AlertStatus(Phase.INACTIVE, s.activeSinceMs(), shown, now), AlertState.RESOLVED);
                }
                if (now - s.lastEmittedMs() >= resendAfter.toMillis()) {
                    return new Step(new AlertStatus(Phase.FIRING, s.activeSinceMs(), value, now), AlertState.FIRING);
                }
                return new Step(new AlertStatus(Phase.FIRING, s.activeSinceMs(), value, s.lastEmittedMs()), null);
        }
    }
}
