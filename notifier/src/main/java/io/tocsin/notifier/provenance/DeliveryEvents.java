package io.tocsin.notifier.provenance;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.ledger.KafkaLedger;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Delivery attempts on the provenance topic, one event per alert of the decision, through an
 * idempotent acks=all producer of the delivery worker's. Sends are asynchronous (the channel's
 * answer is never held up by them); the worker calls {@link #flush} before it commits its
 * offsets, as it flushes the ledger, so an attempt whose decision is committed as done has its
 * events in Kafka.
 */
public final class DeliveryEvents implements AutoCloseable {
    /** Records nothing: for tests and tools that deliver without a broker. */
    public static final DeliveryEvents NONE = new DeliveryEvents(null);

    private final Producer<String, ProvenanceEvent> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    DeliveryEvents(Producer<String, ProvenanceEvent> producer) {
        this.producer = producer;
    }

    public static DeliveryEvents start(KafkaSettings kafka, String clientId) {
        // Sent one at a time from the destinations' event loop, like the ledger's attempts: uncompressed.
        KafkaProducer<String, ProvenanceEvent> p = new KafkaProducer<>(
                KafkaLedger.uncompressed(kafka.durableProducer(clientId)),
                new StringSerializer(),
                ProvenanceSerde.events().serializer());
        // Sends come from the event loop: fetch metadata now so that a send never blocks on it.
        p.partitionsFor(Topics.PROVENANCE);
        return new DeliveryEvents(p);
    }

    /** The contract's outcome: ok, retry, or failed (permanent, or retries exhausted: dead-lettered). */
    static String outcome(DeliveryResult r, boolean deadLettered) {
        if (r.delivered()) {
            return "ok";
        }
        return r.outcome() == DeliveryResult.Outcome.RETRYABLE && !deadLettered ? "retry" : "failed";
    }

    public void attempt(
            LedgerEntry decision,
            String integration,
            String destination,
            DeliveryResult result,
            boolean deadLettered,
            int attempt,
            Duration latency,
            Instant at) {
        if (producer == null) {
            return;
        }
        for (Alert a : decision.alerts()) {
            ProvenanceEvent e = Events.delivery(
                    a.fingerprint(),
                    decision.id(),
                    decision.receiver(),
                    integration,
                    destination,
                    attempt,
                    outcome(result, deadLettered),
                    result.httpStatus(),
                    latency.toMillis(),
                    result.detail(),
                    at);
            producer.send(new ProducerRecord<>(Topics.PROVENANCE, e.fingerprint(), e), (meta, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
        }
    }

    /** @throws IllegalStateException if a write failed: the worker must not commit past it */
    public void flush() {
        if (producer == null) {
            return;
        }
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("could not write delivery provenance", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
