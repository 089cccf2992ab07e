package io.tocsin.rules.topology;

import java.time.Duration;

/**
 * Timing of the rules topology.
 *
 * @param flushInterval stage 1 forwards its combined partials as each commit is prepared; this is how
 *                      long they wait at most when no commit comes (the commit interval is longer)
 * @param evalInterval  how often stage 2 evaluates every group by the wall clock, so that {@code for},
 *                      missing data and resolves happen without new input
 * @param resendInterval how often a firing alert is re-published on tocsin.alerts.v1
 * @param settle        how long a partial takes from stage 1 to stage 2 (commit + repartition),
 *                      with margin: rules that combine series wait this long before judging a bucket
 */
public record TopologySettings(
        Duration flushInterval, Duration evalInterval, Duration resendInterval, Duration settle) {
    public static final TopologySettings DEFAULTS =
            new TopologySettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));

    public TopologySettings(Duration flushInterval, Duration evalInterval, Duration resendInterval) {
        this(flushInterval, evalInterval, resendInterval, Duration.ofSeconds(1));
    }
}
