package io.tocsin.tests.bench.idle;

import io.tocsin.core.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One of Tocsin's consumers at rest, as a plain consumer: Tocsin's settings for a reader of
 * exactly-once output ({@code KafkaSettings.committedReader}: read_committed, 10 s session), the
 * rung's changes over them, its empty topics subscribed in a group or assigned without one, and
 * a poll loop of 500 ms as the delivery worker's.
 */
final class IdleConsumer implements AutoCloseable {
    static final int PARTITIONS = 4;
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);

    private IdleConsumer(FloorSpec.Shape shape, Properties props) {
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> run(shape), "idle-" + shape.name());
    }

    static List<String> topics(FloorSpec.Shape shape) {
        return IntStream.rangeClosed(1, shape.topics())
                .mapToObj(i -> shape.name() + "-t" + i)
                .toList();
    }

    static IdleConsumer start(String bootstrap, FloorSpec.Shape shape, Map<String, String> changes) {
        Properties p = new KafkaSettings(bootstrap).committedReader("floor-" + shape.name(), "floor-" + shape.name());
        if (!shape.group()) {
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            p.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        }
        Overrides.apply(p, changes, "");
        IdleConsumer c = new IdleConsumer(shape, p);
        c.thread.start();
        return c;
    }

    private void run(FloorSpec.Shape shape) {
        try {
            if (shape.group()) {
                consumer.subscribe(topics(shape));
            } else {
                consumer.assign(topics(shape).stream()
                        .flatMap(t -> IntStream.range(0, PARTITIONS).mapToObj(i -> new TopicPartition(t, i)))
                        .toList());
            }
            while (true) {
                consumer.poll(POLL);
                if (!consumer.assignment().isEmpty()) {
                    ready.countDown();
                }
            }
        } catch (WakeupException closing) {
            // close() asked
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(thread.getName() + " got no partitions in " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
