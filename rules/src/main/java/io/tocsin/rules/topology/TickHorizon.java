package io.tocsin.rules.topology;

/**
 * For clocks that drive the topology in a TopologyTestDriver ({@code tocsin rules test}): until
 * when no wall-clock tick can change anything. Stage 2 reports it after every tick and commit:
 * the earliest time one of its groups is due by the clock alone (the {@link DueIndex}, from
 * {@link NextEvaluation}: window edges, and a pending or firing group's own clocks), or 0 when a tick
 * must run anyway. Such a clock may then cross the ticks before that time in one move.
 */
public final class TickHorizon {
    private long quietUntil;

    void report(long ms) {
        quietUntil = ms;
    }

    /** @return the first time a tick could act; {@link Long#MAX_VALUE} when only input can change anything */
    public long quietUntil() {
        return quietUntil;
    }
}
