package io.tocsin.server.broker;

import java.time.Duration;

/**
 * What to do when the broker child died: start it again after a backoff that doubles with each
 * failure in a row, or give up after {@code maxFailuresInARow}. A broker that stayed up for
 * {@code stableAfter} starts a new count, so one crash a day never adds up to a give-up.
 */
public record RestartPolicy(int maxFailuresInARow, Duration firstDelay, Duration maxDelay, Duration stableAfter) {

    /** 1 s, 2 s, 4 s, 8 s, 16 s: five tries over about half a minute, then a clear exit. */
    public static final RestartPolicy DEFAULT =
            new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(16), Duration.ofSeconds(60));

    public sealed interface Decision {}

    public record Restart(Duration after, int attempt) implements Decision {}

    public record GiveUp(String reason) implements Decision {}

    /**
     * @param failuresInARow deaths or failed starts since the broker last ran stable, this one included
     */
    public Decision next(int failuresInARow) {
        if (failuresInARow > maxFailuresInARow) {
            return new GiveUp(
                    "the broker failed " + failuresInARow + " times in a row (limit " + maxFailuresInARow + ")");
        }
        long factor = 1L << Math.min(30, Math.max(0, failuresInARow - 1));
        Duration delay = firstDelay.multipliedBy(factor);
        return new Restart(delay.compareTo(maxDelay) > 0 ? maxDelay : delay, failuresInARow);
    }

    /** The count after the broker ran for {@code uptime} and then died. */
    public int failuresAfterDeath(int failuresSoFar, Duration uptime) {
        return uptime.compareTo(stableAfter) >= 0 ? 1 : failuresSoFar + 1;
    }
}
