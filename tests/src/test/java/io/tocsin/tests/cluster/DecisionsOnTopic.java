package io.tocsin.tests.cluster;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When the notifier decided to tell each receiver something, from the decisions in its ledger
 * (tocsin.notifications.v1): escalation timing is a property of the decisions; a webhook's
 * arrival adds the delivery's own latency, which varies by a second or two on a loaded machine.
 */
final class DecisionsOnTopic {
    private DecisionsOnTopic() {}

    /** receiver + " " + status → the first decision's time in epoch ms. */
    static Map<String, Long> firstDecided(String bootstrap, String alertname, Duration timeout) {
        String id = "cluster-decisions-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                new KafkaSettings(bootstrap).committedReader(id, id),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTIFICATIONS, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<String, Long> first = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + Topics.NOTIFICATIONS + " to its end in " + timeout);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonObject e = new JsonObject(r.value());
                    if ("decision".equals(e.getString("kind")) && alertname.equals(alertnameOf(e))) {
                        long at = Instant.parse(e.getString("at")).toEpochMilli();
                        first.merge(e.getString("receiver") + " " + e.getString("status"), at, Math::min);
                    }
                }
            }
            return first;
        }
    }

    private static String alertnameOf(JsonObject decision) {
        JsonObject group = decision.getJsonObject("groupLabels");
        return group == null ? null : group.getString("alertname");
    }
}
