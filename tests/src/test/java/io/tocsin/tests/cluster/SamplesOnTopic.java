package io.tocsin.tests.cluster;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Sample;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every sample on the samples topic, from the first offset to the end, by {@link SampleLoad#identity}. */
final class SamplesOnTopic {
    private SamplesOnTopic() {}

    static Set<String> read(String bootstrap, Duration timeout) {
        String id = "cluster-readback-" + UUID.randomUUID();
        try (KafkaConsumer<String, Sample> consumer = new KafkaConsumer<>(
                new KafkaSettings(bootstrap).committedReader(id, id),
                new StringDeserializer(),
                JsonSerde.of(Sample.class).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SAMPLES, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.SAMPLES + " to its end in " + timeout);
                }
                for (ConsumerRecord<String, Sample> r : consumer.poll(Duration.ofMillis(200))) {
                    Sample s = r.value();
                    seen.add(SampleLoad.identity(s.name(), s.labels().map(), s.timestampMs(), s.value()));
                }
            }
            return seen;
        }
    }
}
