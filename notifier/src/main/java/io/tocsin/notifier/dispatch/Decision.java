package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a receiver is to be told about an alert's new state, and why. {@link #decide} is the
 * whole policy of dedupe and repeats (Alertmanager's dedup stage {@code needsUpdate}), kept pure
 * so that it is tested as a table.
 */
public enum Decision {
    NOTIFY_FIRING(AlertState.FIRING, "the receiver has not been told that this alert is firing"),
    NOTIFY_REFIRED(AlertState.FIRING, "the alert fired again (new startsAt) since the receiver was told"),
    NOTIFY_REPEAT(AlertState.FIRING, "repeat_interval has passed since the receiver was last told"),
    NOTIFY_RESOLVED(AlertState.RESOLVED, "the receiver was told that this alert was firing"),
    SKIP_PENDING(null, "pending alerts are not notified"),
    SKIP_ALREADY_TOLD(null, "the receiver was told it is firing less than repeat_interval ago"),
    SKIP_NEVER_TOLD(null, "the receiver was never told that this alert was firing");

    private final AlertState tells;
    private final String reason;

    Decision(AlertState tells, String reason) {
        this.tells = tells;
        this.reason = reason;
    }

    /** The status the receiver is told, or null when it is told nothing. */
    public AlertState tells() {
        return tells;
    }

    public boolean notifies() {
        return tells != null;
    }

    public String reason() {
        return reason;
    }

    /**
     * @param state          the alert's new state
     * @param startsAt       when this firing episode started
     * @param told           what this receiver was told so far, null if nothing (or it resolved)
     * @param now            the notifier's clock
     * @param repeatInterval the route's repeat_interval
     */
    public static Decision decide(AlertState state, Instant startsAt, Sent told, Instant now, Duration repeatInterval) {
        Objects.requireNonNull(state, "state");
        boolean toldFiring = told != null && told.status() == AlertState.FIRING;
        return switch (state) {
            case PENDING -> SKIP_PENDING;
            case RESOLVED -> toldFiring ? NOTIFY_RESOLVED : SKIP_NEVER_TOLD;
            case FIRING -> {
                if (!toldFiring) {
                    yield NOTIFY_FIRING;
                }
                if (startsAt != null && told.startsAt() != null && !startsAt.equals(told.startsAt())) {
                    yield NOTIFY_REFIRED;
                }
                yield now.isBefore(told.at().plus(repeatInterval)) ? SKIP_ALREADY_TOLD : NOTIFY_REPEAT;
            }
        };
    }
}
