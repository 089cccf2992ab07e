package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.channel.FakeChannel;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.delivery.BackoffPolicy;
import io.tocsin.notifier.delivery.DeliveryWorker;
import io.tocsin.notifier.delivery.Handoff;
import io.tocsin.notifier.delivery.Integration;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery worker after a crash between delivering and committing: the ledger on the broker
 * holds what the last owner left behind past the committed offset, and a new worker takes over.
 */
@ExtendWith(KafkaBroker.class)
class DeliveryRecoveryIT {

    @Test
    void aNewOwnerSendsWhatWasNotDeliveredAndNotWhatTheLedgerSaysWas() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        String app = "it-recovery-" + UUID.randomUUID().toString().substring(0, 8);
        String receiver = app + "-team";
        KafkaSettings kafka = new KafkaSettings(bootstrap);
        commitEverythingSoFar(kafka, DeliveryWorker.groupId(app));

        // One group, so one partition and one order: the last owner decided d0, d1 and d2,
        // delivered d1 and wrote its attempt, then died before committing any of them.
        Instant now = Instant.now();
        LedgerEntry d0 = decision("d0", receiver, AlertState.FIRING, now);
        LedgerEntry d1 = decision("d1", receiver, AlertState.RESOLVED, now);
        LedgerEntry d2 = decision("d2", receiver, AlertState.FIRING, now);
        try (KafkaProducer<String, LedgerEntry> ledger = new KafkaProducer<>(
                kafka.durableProducer(app + "-past"),
                new StringSerializer(),
                JsonSerde.of(LedgerEntry.class).serializer())) {
            for (LedgerEntry e : List.of(d0, d1, d1.attempt("webhook[0]", "delivered", 200, "ok", 1, now), d2)) {
                ledger.send(new ProducerRecord<>(Topics.NOTIFICATIONS, e.key(), e))
                        .get();
            }
        }

        FakeChannel hook = new FakeChannel();
        Vertx vertx = Vertx.vertx();
        DeliveryWorker worker = new DeliveryWorker(
                vertx,
                kafka,
                app,
                Map.of(receiver, List.of(new Integration("webhook[0]", "webhook", true, hook))),
                new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)),
                Duration.ofSeconds(5),
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                new Handoff());
        worker.start();
        try {
            await(
                    Duration.ofSeconds(60),
                    "d2 delivered",
                    () -> hook.calls().stream().anyMatch(n -> n.id().equals("d2")) ? true : null);
            assertEquals(
                    List.of("d0", "d2"),
                    hook.calls().stream().map(Notification::id).toList(),
                    "d0 had no attempt in the ledger: sent; d1 had one: not sent twice");
        } finally {
            assertTrue(worker.stop(Duration.ofSeconds(30)));
            vertx.close();
        }
    }

    private static LedgerEntry decision(String id, String receiver, AlertState status, Instant at) {
        Alert a = new Alert(
                Labels.of("alertname", "Recovery", "instance", "db-1"),
                Map.of(),
                status,
                1.0,
                at,
                status == AlertState.RESOLVED ? at : null,
                "it",
                "1",
                "");
        return LedgerEntry.decision(id, receiver, "{}:{alertname=\"Recovery\"}", status, List.of(a), "it", at);
    }

    /** The group starts where the topic ends now, so that it reads only what this test writes. */
    private static void commitEverythingSoFar(KafkaSettings kafka, String groupId) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                kafka.committedReader(groupId, groupId + "-setup"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(Topics.NOTIFICATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            c.endOffsets(tps).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
            c.commitSync(offsets);
        }
    }
}
