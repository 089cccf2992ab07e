package io.tocsin.tests.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many committed records each topic holds (changelogs and repartition topics included), read
 * whole: end offsets would count transaction markers too (one per partition per commit under
 * exactly-once), which say how often a stage commits, not what it writes per alert. Two counts
 * taken around a burst give the records written per alert on each topic.
 */
final class RecordCounts {
    private RecordCounts() {}

    static Map<String, Long> of(String bootstrap) throws Exception {
        List<String> topics;
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            topics = new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(false))
                    .names()
                    .get());
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : topics) {
                c.partitionsFor(topic).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
                counts.put(topic, 0L);
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    counts.merge(r.topic(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** One line per topic that grew: its records per alert between the two counts. */
    static String perAlert(Map<String, Long> before, Map<String, Long> after, int alerts) {
        StringBuilder out = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long grew = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (grew > 0) {
                total += grew;
                out.append(String.format("    records/alert %-70s %.2f%n", e.getKey(), grew / (double) alerts));
            }
        }
        out.append(String.format("    records/alert %-70s %.2f%n", "(all topics)", total / (double) alerts));
        return out.toString();
    }
}
