package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The delivery worker's side of the {@link Handoff}: takes the handed records nothing unread
 * stands before ({@link HandoffAdmission}), remembers per partition how far it took them, so that
 * the read which brings them later skips them, and counts each verdict. Worker thread only.
 */
final class HandedOver {

    /** Where a taken record goes: the worker's hand-out; returns the destinations skipped. */
    interface Sink {
        int handOut(TopicPartition tp, long offset, byte[] value);
    }

    private final Handoff handoff;
    private final MeterRegistry registry;
    /** Per partition, one past the last handed record taken since it was assigned. */
    private final Map<TopicPartition, Long> takenTo = new HashMap<>();

    HandedOver(Handoff handoff, MeterRegistry registry) {
        this.handoff = handoff;
        this.registry = registry;
    }

    /** Whether the record the read brings at {@code offset} was already taken from a hand-off. */
    boolean taken(TopicPartition tp, long offset) {
        return offset < takenTo.getOrDefault(tp, -1L);
    }

    /**
     * Takes what was handed since the last call and may go now; the read brings the rest.
     * Returns the destinations skipped because the ledger says they were done.
     */
    int take(Consumer<?, ?> consumer, boolean paused, Sink sink) {
        List<Handoff.Committed> handed = handoff.take();
        if (handed.isEmpty()) {
            return 0;
        }
        Set<TopicPartition> owned = consumer.assignment();
        int skipped = 0;
        for (Handoff.Committed c : sortedByPlace(handed)) {
            boolean reading = !paused && owned.contains(c.tp());
            HandoffAdmission.Verdict verdict = HandoffAdmission.judge(
                    reading,
                    reading ? positionOf(consumer, c.tp()) : OptionalLong.empty(),
                    takenTo.getOrDefault(c.tp(), -1L),
                    c.offset());
            if (verdict == HandoffAdmission.Verdict.TAKE) {
                skipped += sink.handOut(c.tp(), c.offset(), c.value());
                takenTo.put(c.tp(), c.offset() + 1);
            }
            registry.counter(
                            "tocsin.notifier.delivery.handoffs",
                            "verdict",
                            verdict.name().toLowerCase(Locale.ROOT))
                    .increment();
        }
        return skipped;
    }

    /** These partitions were revoked, lost or assigned anew: their reading starts over. */
    void forget(Collection<TopicPartition> tps) {
        tps.forEach(takenTo::remove);
    }

    private static List<Handoff.Committed> sortedByPlace(List<Handoff.Committed> handed) {
        List<Handoff.Committed> sorted = new ArrayList<>(handed);
        sorted.sort(Comparator.comparing((Handoff.Committed c) -> c.tp().topic())
                .thenComparingInt(c -> c.tp().partition())
                .thenComparingLong(Handoff.Committed::offset));
        return sorted;
    }

    /**
     * The consumer's position, only if it knows it without asking the broker. A wakeup landing
     * here (another hand-off's, or stop's) is let go: the worker's loop checks whether it still
     * runs after its next poll.
     */
    private static OptionalLong positionOf(Consumer<?, ?> consumer, TopicPartition tp) {
        try {
            return OptionalLong.of(consumer.position(tp, Duration.ZERO));
        } catch (TimeoutException | WakeupException e) {
            return OptionalLong.empty();
        }
    }
}
