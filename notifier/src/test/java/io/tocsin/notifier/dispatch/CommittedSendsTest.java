package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.delivery.Handoff;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatch producer's ledger writes reach the hand-off only once their transaction committed. */
class CommittedSendsTest {
    private final Handoff handoff = new Handoff();
    private MockProducer<byte[], byte[]> mock;
    private Producer<byte[], byte[]> producer;
    private final List<String> callbacks = new ArrayList<>();

    @BeforeEach
    void transactional() {
        mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer = CommitTimedClients.timed(mock, new CommittedSends(handoff));
        producer.initTransactions();
        handoff.open(() -> {});
    }

    private void send(String topic, String value) {
        producer.send(
                new ProducerRecord<>(topic, value.getBytes()),
                (meta, e) -> callbacks.add(value + (e == null ? "@" + meta.offset() : " failed")));
    }

    @Test
    void aCommittedTransactionHandsItsLedgerRecordsWithTheirOffsets() {
        producer.beginTransaction();
        send(Topics.NOTIFICATIONS, "d1");
        send("tocsin.provenance.v1", "p1");
        send(Topics.NOTIFICATIONS, "d2");
        assertTrue(handoff.take().isEmpty(), "nothing before the commit");
        producer.commitTransaction();
        List<Handoff.Committed> handed = handoff.take();

        assertEquals(
                List.of("d1", "d2"),
                handed.stream().map(c -> new String(c.value())).toList());
        assertEquals(
                List.of(0L, 1L), handed.stream().map(Handoff.Committed::offset).toList());
        assertEquals(List.of("d1@0", "p1@0", "d2@1"), callbacks, "Streams' own callbacks still run");
    }

    @Test
    void anAbortedTransactionHandsNothingAndTheNextOneOnlyItsOwn() {
        producer.beginTransaction();
        send(Topics.NOTIFICATIONS, "aborted");
        producer.abortTransaction();
        producer.beginTransaction();
        send(Topics.NOTIFICATIONS, "kept");
        producer.commitTransaction();

        assertEquals(
                List.of("kept"),
                handoff.take().stream().map(c -> new String(c.value())).toList());
    }

    @Test
    void aCommitThatFailsHandsNothing() {
        producer.beginTransaction();
        send(Topics.NOTIFICATIONS, "d1");
        mock.commitTransactionException = new KafkaException("fenced");
        assertThrows(KafkaException.class, producer::commitTransaction);
        assertTrue(handoff.take().isEmpty());
    }
}
