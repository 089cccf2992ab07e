package io.tocsin.rules.eval;

/**
 * The state machine's memory for one (rule, group), kept in a Streams store so that a restart
 * resumes a pending {@code for} clock instead of restarting it.
 *
 * @param activeSinceMs when the condition started to hold (the alert's startsAt)
 * @param lastEmittedMs when the current phase was last written to tocsin.alerts.v1
 * @param lastHeldMs    when the condition last held: {@code keep_firing_for} counts from here
 * @param pendingSinceMs when a rule with {@code for} became pending: while pending it is the startsAt;
 *                      once firing, startsAt is the firing time (as Prometheus sends it) and this is
 *                      kept for the console; 0 for a rule without {@code for}
 */
public record AlertStatus(
        Phase phase, long activeSinceMs, double value, long lastEmittedMs, long lastHeldMs, long pendingSinceMs) {
    public static final AlertStatus INACTIVE = new AlertStatus(Phase.INACTIVE, 0, Double.NaN, 0, 0);

    public AlertStatus(Phase phase, long activeSinceMs, double value, long lastEmittedMs, long lastHeldMs) {
        this(phase, activeSinceMs, value, lastEmittedMs, lastHeldMs, 0);
    }

    public AlertStatus(Phase phase, long activeSinceMs, double value, long lastEmittedMs) {
        this(phase, activeSinceMs, value, lastEmittedMs, 0);
    }
}
