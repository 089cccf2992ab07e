package io.tocsin.rules.topology;

import java.time.Duration;
import java.util.Map;

/**
 * Timing of the rules topology.
 *
 * @param flushInterval stage 1 forwards its combined partials as each commit is prepared; this is how
 *                      long they wait at most when no commit comes (the commit interval is longer)
 * @param evalInterval  how often stage 2 evaluates every group by the wall clock, so that {@code for},
 *                      missing data and resolves happen without new input
 * @param resendInterval how often a firing alert is re-published on tocsin.alerts.v1
 * @param idleAfter     an input partition that has had no data this long holds no window back: its
 *                      data that comes later is late. A partition stalled for less never causes a false
 *                      absence or resolve; one that falls silent delays judgement by at most this
 * @param inputPartitions the partition count of each input topic: until every partition reported its
 *                      progress, nothing is judged (after a restart a backlog may still be coming).
 *                      Empty: judge on the partitions that reported (a test driver's one partition)
 */
public record TopologySettings(
        Duration flushInterval,
        Duration evalInterval,
        Duration resendInterval,
        Duration idleAfter,
        Map<Progress.Input, Integer> inputPartitions) {
    public static final Duration IDLE_AFTER = Duration.ofSeconds(10);
    public static final TopologySettings DEFAULTS =
            new TopologySettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));

    public TopologySettings {
        inputPartitions = Map.copyOf(inputPartitions);
    }

    public TopologySettings(Duration flushInterval, Duration evalInterval, Duration resendInterval) {
        this(flushInterval, evalInterval, resendInterval, IDLE_AFTER, Map.of());
    }

    /**
     * Zero: a partition that has nothing more to read right now is idle, so every window is judged
     * at once on what arrived. Right for a test driver that pipes input in order and complete.
     */
    public TopologySettings withIdleAfter(Duration d) {
        return new TopologySettings(flushInterval, evalInterval, resendInterval, d, inputPartitions);
    }

    public TopologySettings withInputPartitions(Map<Progress.Input, Integer> partitions) {
        return new TopologySettings(flushInterval, evalInterval, resendInterval, idleAfter, partitions);
    }

    /**
     * How often a source looks whether stage 2 must hear its progress again (a rebalance, a stage-2
     * task's start on this instance, a rule-set change), and how late a rule-set change reaches
     * stage 2 at rest.
     */
    public Duration keepAlive() {
        return evalInterval.multipliedBy(5);
    }

    /**
     * How often a source repeats unchanged progress (and selection-wide absence heartbeats) with no
     * rebalance, stage-2 start or rule-set change to prompt it: a backstop for a stage-2 task that
     * started anew unseen (one on another instance whose start no rebalance told this one of).
     * Each repeat costs a transaction in stage 1 and up to one per stage-2 partition.
     */
    public Duration progressRepeat() {
        return keepAlive().multipliedBy(6);
    }
}
