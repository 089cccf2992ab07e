package io.tocsin.tests.crash;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.tests.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything committed to one topic that a test cares about, read as a downstream service reads
 * it (read_committed, from the beginning), each record stamped with when this JVM saw it. An
 * aborted transaction of a killed service is never seen here, just as no reader sees it.
 */
final class CommittedTap<T> implements AutoCloseable {
    /** A record's value and the wall-clock time it became visible to this reader. */
    record Seen<T>(T value, long seenAtMs) {}

    private final KafkaConsumer<String, T> consumer;
    private final Predicate<T> wanted;
    private final List<Seen<T>> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CommittedTap(String topic, Class<T> type, Predicate<T> wanted) {
        String id = "crash-tap-" + UUID.randomUUID();
        this.consumer = new KafkaConsumer<>(
                new KafkaSettings(KafkaBroker.bootstrap()).committedReader(id, id),
                new StringDeserializer(),
                JsonSerde.of(type).deserializer());
        this.wanted = wanted;
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::read, id);
        thread.setDaemon(true);
        thread.start();
    }

    List<Seen<T>> seen() {
        return List.copyOf(seen);
    }

    List<T> values() {
        return seen.stream().map(Seen::value).toList();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(50))) {
                if (r.value() != null && wanted.test(r.value())) {
                    seen.add(new Seen<>(r.value(), System.currentTimeMillis()));
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
