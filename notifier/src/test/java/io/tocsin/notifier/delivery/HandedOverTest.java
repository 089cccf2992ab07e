package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The worker takes handed records only where its consumer has read everything before them. */
class HandedOverTest {
    private static final TopicPartition TP = new TopicPartition("tocsin.notifications.v1", 0);
    private static final TopicPartition OTHER = new TopicPartition("tocsin.notifications.v1", 1);

    private final Handoff handoff = new Handoff();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HandedOver handedOver = new HandedOver(handoff, registry);
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<Long> sent = new ArrayList<>();

    private static Handoff.Committed at(TopicPartition tp, long offset) {
        return new Handoff.Committed(tp, offset, new byte[0]);
    }

    private double counted(String verdict) {
        return registry.counter("tocsin.notifier.delivery.handoffs", "verdict", verdict)
                .count();
    }

    @Test
    void recordsFromTheConsumersPositionOnAreTakenAndTheReadSkipsThem() {
        handoff.open(() -> {});
        consumer.assign(List.of(TP, OTHER));
        consumer.updateBeginningOffsets(Map.of(TP, 0L, OTHER, 0L));
        consumer.seek(TP, 5);
        consumer.seek(OTHER, 0);
        handoff.committed(List.of(at(TP, 6), at(TP, 5), at(TP, 8), at(OTHER, 3), at(TP, 4)));

        handedOver.take(consumer, false, (tp, offset, value) -> {
            sent.add(offset);
            return 0;
        });

        assertEquals(List.of(5L, 6L), sent, "5 and 6 follow the position; 8 has 7 unread before it");
        assertEquals(2, counted("take"));
        assertEquals(2, counted("gap"), "8 in its partition, 3 in the other (0-2 unread)");
        assertEquals(1, counted("read"), "4 is behind the position: the read had it");
        assertTrue(handedOver.taken(TP, 6), "the read skips what was taken");
        assertFalse(handedOver.taken(TP, 7));
        handedOver.forget(List.of(TP));
        assertFalse(handedOver.taken(TP, 5), "after a rebalance the read delivers again");
    }

    @Test
    void nothingIsTakenWhileReadingIsPaused() {
        handoff.open(() -> {});
        consumer.assign(List.of(TP));
        consumer.seek(TP, 5);
        handoff.committed(List.of(at(TP, 5)));

        handedOver.take(consumer, true, (tp, offset, value) -> {
            sent.add(offset);
            return 0;
        });

        assertTrue(sent.isEmpty());
        assertEquals(1, counted("not_reading"));
    }
}
