package io.tocsin.rules.eval;

/**
 * The state machine's memory for one (rule, group), kept in a Streams store so that a restart
 * resumes a pending {@code for} clock instead of restarting it.
 *
 * @param activeSinceMs when the condition started to hold (the alert's startsAt)
 * @param lastEmittedMs when the current phase was last written to tocsin.alerts.v1
 * @param lastHeldMs    when the condition last held: {@code keep_firing_for} counts from here
 */
public record AlertStatus(Phase phase, long activeSinceMs, double value, long lastEmittedMs, long lastHeldMs) {
    public static final AlertStatus INACTIVE = new AlertStatus(Phase.INACTIVE, 0, Double.NaN, 0, 0);

    public AlertStatus(Phase phase, long activeSinceMs, double value, long lastEmittedMs) {
        this(phase, activeSinceMs, value, lastEmittedMs, 0);
    }
}
