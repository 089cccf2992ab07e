package io.tocsin.rules.topology;

/**
 * How far this instance's consumer is behind the end of an input partition, as its last fetch
 * found it. Stage 1 asks only while a task that has read nothing since it started decides whether
 * it may turn idle early: a partition the consumer has fetched and found at its end has no backlog,
 * while one it has not fetched yet (a takeover on a loaded machine, the leader on a broker that is
 * down) may still bring the dead owner's uncommitted data. It also counts the consumer's rebalances.
 */
@FunctionalInterface
public interface InputLag {
    /** Nothing is known: a task that has read nothing waits the whole idle timeout. */
    InputLag UNKNOWN = (topic, partition) -> -1;

    /** @return records behind the partition's end; -1 while not known (no fetch answered yet) */
    long behind(String topic, int partition);

    /**
     * How many rebalances this instance's consumer has been through: after one, a stage-2 task may
     * have moved (here or to another instance) and must hear every source's progress again.
     */
    default long rebalances() {
        return 0;
    }

    /** True once a fetch found the consumer at the partition's end. */
    default boolean caughtUp(String topic, int partition) {
        return behind(topic, partition) == 0;
    }
}
