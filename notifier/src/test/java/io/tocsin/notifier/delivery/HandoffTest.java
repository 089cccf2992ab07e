package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HandoffTest {
    private static final TopicPartition TP = new TopicPartition("tocsin.notifications.v1", 0);

    private static Handoff.Committed at(long offset) {
        return new Handoff.Committed(TP, offset, new byte[0]);
    }

    @Test
    void beforeTheWorkerOpensItNothingIsKept() {
        Handoff handoff = new Handoff();
        handoff.committed(List.of(at(1)));
        assertTrue(handoff.take().isEmpty(), "records committed before the worker runs are read from Kafka");
    }

    @Test
    void theWorkerIsWokenOnceForWhatPilesUpBetweenItsLooks() {
        Handoff handoff = new Handoff();
        AtomicInteger wakes = new AtomicInteger();
        handoff.open(wakes::incrementAndGet);
        handoff.committed(List.of(at(1)));
        handoff.committed(List.of(at(3), at(4)));
        assertEquals(1, wakes.get(), "one wake until the worker takes");
        assertEquals(
                List.of(1L, 3L, 4L),
                handoff.take().stream().map(Handoff.Committed::offset).toList());
        handoff.committed(List.of(at(7)));
        assertEquals(2, wakes.get(), "after a take, the next commit wakes again");
    }

    @Test
    void afterTheWorkerClosesItNothingIsKeptOrWoken() {
        Handoff handoff = new Handoff();
        AtomicInteger wakes = new AtomicInteger();
        handoff.open(wakes::incrementAndGet);
        handoff.committed(List.of(at(1)));
        handoff.close();
        handoff.committed(List.of(at(2)));
        assertTrue(handoff.take().isEmpty());
        assertEquals(1, wakes.get());
    }
}
