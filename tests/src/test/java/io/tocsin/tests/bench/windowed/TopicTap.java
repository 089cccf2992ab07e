package io.tocsin.tests.bench.windowed;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one of Tocsin's topics from the start as its consumers do (read_committed), on a thread of
 * its own, and hands each record with the wall-clock moment it was read: when the next hop could
 * have seen it.
 */
final class TopicTap<V> implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    /** A tap of a topic whose values are text (JSON). */
    static TopicTap<String> text(
            String bootstrap, String topic, String name, BiConsumer<ConsumerRecord<String, String>, Long> take) {
        return new TopicTap<>(bootstrap, topic, name, new StringDeserializer(), take);
    }

    TopicTap(
            String bootstrap,
            String topic,
            String name,
            Deserializer<V> values,
            BiConsumer<ConsumerRecord<String, V>, Long> take) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + name + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the broker may hold a fetch this long waiting for data: 500 ms by default, more than the hops measured
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        // keys are read as text only where they are: a repartition key is an int, and not looked at
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(10))) {
                                take.accept(r, System.currentTimeMillis());
                            }
                        }
                    }
                },
                name);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
