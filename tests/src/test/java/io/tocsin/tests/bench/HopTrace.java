package io.tocsin.tests.bench;

import io.tocsin.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where one emission burst spent its time, hop by hop, from the records' own times: the alerts
 * as the API wrote them (their POST), the group stage's decisions (stamped when decided) and the
 * delivery's attempts (stamped when written, after the webhook answered), each as seconds after
 * the burst began. Read committed, so a decision counts only once its transaction is visible.
 */
final class HopTrace {
    private HopTrace() {}

    static String of(String bootstrap, String run, long startMillis) {
        String marker = "\"run\":\"" + run + "\"";
        Map<String, List<Long>> byHop = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : List.of(Topics.ALERTS, Topics.NOTIFICATIONS)) {
                c.partitionsFor(topic).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    if (!v.contains(marker)) {
                        continue;
                    }
                    String hop = r.topic().equals(Topics.ALERTS)
                            ? "alert"
                            : v.contains("\"kind\":\"decision\"")
                                    ? "decision"
                                    : v.contains("\"kind\":\"attempt\"") ? "attempt" : "other";
                    byHop.computeIfAbsent(hop, k -> new ArrayList<>()).add(r.timestamp() - startMillis);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (String hop : List.of("alert", "decision", "attempt", "other")) {
            List<Long> ms = byHop.getOrDefault(hop, List.of());
            if (ms.isEmpty()) {
                continue;
            }
            List<Long> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            out.append(String.format(
                    "    %-8s n=%d first %.2f s, median %.2f s, last %.2f s%n",
                    hop,
                    sorted.size(),
                    sorted.get(0) / 1e3,
                    sorted.get(sorted.size() / 2) / 1e3,
                    sorted.get(sorted.size() - 1) / 1e3));
        }
        return out.toString();
    }
}
