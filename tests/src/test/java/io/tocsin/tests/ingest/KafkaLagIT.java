package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Sample;
import io.tocsin.tests.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A consumer group 6 records behind on a real broker shows up as kafka_consumergroup_lag 6 in the samples topic. */
@ExtendWith(KafkaBroker.class)
class KafkaLagIT {

    @Test
    void theLagOfAConsumerGroupBecomesSamples() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String topic = "lag-" + id;
        String group = "workers-" + id;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4)));
        }
        Path file = Files.createDirectories(Path.of("target", "lag-" + id)).resolve("collectors.yml");
        Files.writeString(file, """
                kafka_lag:
                  - {name: lag-%s, groups: [%s], interval: 1s}
                """.formatted(id, group));
        try (IngestOnBroker ingest = IngestOnBroker.start(Map.of("TOCSIN_INGEST_COLLECTORS_FILE", file.toString()))) {
            Sample lag = TopicReader.await(
                            Topics.SAMPLES,
                            Sample.class,
                            s -> s.name().equals("kafka_consumergroup_lag")
                                    && group.equals(s.labels().get("group")),
                            1,
                            Duration.ofSeconds(30))
                    .get(0);
            assertEquals(6.0, lag.value());
            assertEquals(topic, lag.labels().get("topic"));
            assertEquals("0", lag.labels().get("partition"));
            assertEquals("lag-" + id, lag.labels().get("job"));
        }
    }
}
