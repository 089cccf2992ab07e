package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The stream thread's producer learns the decisions topic's partitions before the first decision, off the thread. */
class SinkMetadataTest {

    /** A producer that records which topics it was asked about, answering once {@code answer} opens. */
    private static final class AskedProducer extends MockProducer<byte[], byte[]> {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final CountDownLatch answer = new CountDownLatch(1);
        final CountDownLatch answered = new CountDownLatch(1);

        AskedProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            asked.add(topic);
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answered.countDown();
            return List.of();
        }
    }

    @Test
    void theDecisionsTopicIsFetchedWithoutHoldingTheCaller() throws Exception {
        AskedProducer producer = new AskedProducer();
        long start = System.nanoTime();
        SinkMetadata.fetch(producer);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "returns before the broker answers");
        producer.answer.countDown();
        assertTrue(producer.answered.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(Topics.NOTIFICATIONS), producer.asked);
    }
}
