package io.tocsin.server.watchdog;

import java.time.Duration;
import java.time.Instant;

/**
 * The dead-man's switch as a pure decision: given the newest heartbeat that came back through the
 * pipeline, whether to raise the alarm, clear it, or do nothing. Table-tested.
 *
 * @param freshest the newest heartbeat time seen (at start: the start, so a fresh install gets one
 *                 whole timeout before it can alarm)
 * @param alarmed  whether the alarm was raised and not cleared since
 */
public record Switch(Instant freshest, boolean alarmed) {

    public enum Action {
        QUIET,
        RAISE,
        STILL_RAISED,
        CLEAR
    }

    public record Decision(Action action, String reason) {}

    /** A beat proves the pipeline carried this heartbeat; older ones than we already saw change nothing. */
    public Switch beat(Instant heartbeat) {
        return heartbeat.isAfter(freshest) ? new Switch(heartbeat, alarmed) : this;
    }

    public Decision decide(Instant now, Duration timeout) {
        Duration age = Duration.between(freshest, now);
        boolean silent = age.compareTo(timeout) > 0;
        String why = "newest heartbeat through the pipeline is " + age.toSeconds() + " s old (limit "
                + timeout.toSeconds() + " s)";
        if (silent) {
            return new Decision(alarmed ? Action.STILL_RAISED : Action.RAISE, why);
        }
        return new Decision(alarmed ? Action.CLEAR : Action.QUIET, why);
    }

    public Switch after(Action action) {
        return switch (action) {
            case RAISE -> new Switch(freshest, true);
            case CLEAR -> new Switch(freshest, false);
            case QUIET, STILL_RAISED -> this;
        };
    }
}
