package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The key of the repartition topic. Stage 2 must see every update of an (input, group) in one
 * task; stage 1 does not know how many partitions the topic has, so it names one of a fixed
 * number of slots, and the partitioner maps slots onto partitions. Fewer slots mean fewer, larger
 * records per flush; more than {@link #COUNT} partitions would leave some idle.
 */
final class Slots {
    static final int COUNT = 64;

    /** The key of a progress record: it goes to every partition, as every stage-2 task waits on it. */
    static final int EVERY = -1;

    /**
     * Slot n goes to partition n mod partitions: an even spread whenever the count divides 64.
     * Progress goes to every partition, after the updates of the same flush.
     */
    static final StreamPartitioner<Integer, UpdateBatch> PARTITIONER = (topic, slot, batch, partitions) ->
            slot == EVERY ? Optional.of(every(partitions)) : Optional.of(Set.of(slot % partitions));

    private static Set<Integer> every(int partitions) {
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < partitions; i++) {
            all.add(i);
        }
        return all;
    }

    private Slots() {}

    static int of(String inputId, Labels group) {
        return Math.floorMod(KeyHash.of(inputId, group), COUNT);
    }

    static int of(Target target) {
        return Math.floorMod(target.hash, COUNT);
    }
}
