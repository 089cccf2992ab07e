package io.tocsin.notifier.ledger;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The ledger on tocsin.notifications.v1, through an idempotent acks=all producer. */
public final class KafkaLedger implements LedgerSink, AutoCloseable {
    private final KafkaProducer<String, LedgerEntry> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaLedger(KafkaSettings kafka, String clientId) {
        this.producer = new KafkaProducer<>(
                uncompressed(kafka.durableProducer(clientId)),
                new StringSerializer(),
                JsonSerde.of(LedgerEntry.class).serializer());
    }

    /**
     * The durable settings without compression. Attempts are sent one at a time from the
     * destinations' event loop as each answer comes, so nearly every record opened a batch of its
     * own, and an lz4 batch allocates and clears two 64 KB block buffers when it opens: 15 % of
     * that event loop in an emission run (JFR), to save loopback bytes the broker then
     * decompresses again to validate. The API's producer dropped compression for the same reason.
     */
    public static Properties uncompressed(Properties durable) {
        durable.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return durable;
    }

    public Producer<String, LedgerEntry> producer() {
        return producer;
    }

    @Override
    public void append(LedgerEntry entry) {
        producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, entry.key(), entry), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** @throws IllegalStateException if a write failed: the caller must not commit past it */
    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("could not write to the notification ledger", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
