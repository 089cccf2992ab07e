package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
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

    /** Slot n goes to partition n mod partitions: an even spread whenever the count divides 64. */
    static final StreamPartitioner<Integer, UpdateBatch> PARTITIONER =
            (topic, slot, batch, partitions) -> Optional.of(Set.of(slot % partitions));

    private Slots() {}

    static int of(String inputId, Labels group) {
        return Math.floorMod(KeyHash.of(inputId, group), COUNT);
    }

    static int of(Target target) {
        return Math.floorMod(target.hash, COUNT);
    }
}
