package io.tocsin.tests.bench.idle;

import io.tocsin.core.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One record on every input partition of an idle Streams application, before it rests. A task
 * that has never consumed has no offsets to commit, and Streams (exactly_once_v2) then begins no
 * transaction after a punctuation; a task that has consumed once keeps its offsets and commits
 * them in a transaction after every punctuation from then on. Tocsin's tasks at rest have all
 * consumed (their progress keep-alives, the self-scrape), so the floor's must have too. Each
 * record's key hashes to its own partition number, so the repartition stage's four tasks each get
 * records as well.
 */
final class Prime {
    private Prime() {}

    static void inputs(String bootstrap, String appId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                new KafkaSettings(bootstrap).durableProducer(appId + "-prime"),
                new StringSerializer(),
                new StringSerializer())) {
            for (String topic : IdleStreamsApp.inputs(appId)) {
                for (int p = 0; p < IdleConsumer.PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(topic, p, keyFor(p), "prime"));
                }
            }
            producer.flush();
        }
    }

    /** The first key "k0", "k1", ... that the default partitioner sends to this partition. */
    static String keyFor(int partition) {
        return IntStream.iterate(0, i -> i + 1)
                .mapToObj(i -> "k" + i)
                .filter(k ->
                        Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % IdleConsumer.PARTITIONS
                                == partition)
                .findFirst()
                .orElseThrow();
    }
}
