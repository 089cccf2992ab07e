package io.tocsin.tests.streams;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.ops.streams.CommitHook;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Under exactly-once v2 the tasks of a stream thread share one producer, and Streams flushes it
 * once per task as it prepares a commit. The commit hooks of all tasks write before the first of
 * those flushes, so a commit waits for the broker once, however many tasks wrote state. Counted
 * on the real producer of a real Streams application on the in-process broker: a flush "waits"
 * when records are still unacknowledged as it starts.
 */
@ExtendWith(KafkaBroker.class)
class OneFlushPerCommitIT {
    private static final int PARTITIONS = 4;

    /** Counts per key in memory; the hook writes the counts that changed since its last run. */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private final Map<String, Long> counts = new HashMap<>();
        private final Set<String> changed = new HashSet<>();

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            KeyValueStore<String, Long> store = context.getStateStore("counts");
            CommitHook.register(context, "hook", () -> {
                for (String key : changed) {
                    store.put(key, counts.get(key));
                }
                changed.clear();
            });
        }

        @Override
        public void process(Record<String, String> record) {
            counts.merge(record.key(), 1L, Long::sum);
            changed.add(record.key());
        }
    }

    /** What the stream thread's producer saw, commit by commit. */
    private static final class Watch {
        private final AtomicInteger inFlight = new AtomicInteger();
        private int waitingFlushes;
        private final Set<Integer> partitionsWritten = new HashSet<>();
        /** Per committed transaction: how many flushes waited, how many changelog partitions it wrote. */
        final List<int[]> commits = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Producer<byte[], byte[]> around(Producer<byte[], byte[]> real) {
            return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                    Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "send" -> {
                                if (args.length == 2) {
                                    ProducerRecord<?, ?> r = (ProducerRecord<?, ?>) args[0];
                                    synchronized (this) {
                                        if (r.topic().endsWith("-counts-changelog")) {
                                            partitionsWritten.add(r.partition());
                                        }
                                    }
                                    inFlight.incrementAndGet();
                                    Callback then = (Callback) args[1];
                                    args[1] = (Callback) (metadata, error) -> {
                                        inFlight.decrementAndGet();
                                        if (then != null) {
                                            then.onCompletion(metadata, error);
                                        }
                                    };
                                }
                            }
                            case "flush" -> {
                                synchronized (this) {
                                    waitingFlushes += inFlight.get() > 0 ? 1 : 0;
                                }
                            }
                            case "commitTransaction" -> {
                                synchronized (this) {
                                    commits.add(new int[] {waitingFlushes, partitionsWritten.size()});
                                    waitingFlushes = 0;
                                    partitionsWritten.clear();
                                }
                            }
                            default -> {}
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        synchronized List<int[]> commits() {
            return List.copyOf(commits);
        }
    }

    @Test
    void aCommitWaitsForTheBrokerOnceThoughEveryTaskWroteState() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        String app = "one-flush-" + UUID.randomUUID();
        String in = app + "-in";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("counts"), Serdes.String(), Serdes.Long())
                        .withCachingDisabled());
        b.addStateStore(CommitHook.builder("hook"));
        b.stream(in, Consumed.with(Serdes.String(), Serdes.String())).process(Counting::new, "counts", "hook");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        Path state = Files.createTempDirectory(Path.of("target"), "one-flush");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        Watch watch = new Watch();
        DefaultKafkaClientSupplier clients = new DefaultKafkaClientSupplier() {
            @Override
            public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
                return watch.around(super.getProducer(config));
            }
        };
        int rounds = 20;
        try (KafkaStreams streams = new KafkaStreams(b.build(), p, clients);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            streams.start();
            Eventually.await(
                    Duration.ofSeconds(60),
                    "the application running",
                    () -> streams.state() == KafkaStreams.State.RUNNING ? true : null);
            // Each round gives every task a record, so each task has a count to write at the next commit.
            for (int round = 0; round < rounds; round++) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    producer.send(new ProducerRecord<>(in, partition, "k" + partition, "x"));
                }
                producer.flush();
                Thread.sleep(30);
            }
            Map<String, Long> expected = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                expected.put("k" + partition, (long) rounds);
            }
            // The counts reached the changelog through committed transactions.
            Eventually.await(Duration.ofSeconds(60), "every count committed", () -> {
                Map<String, Long> committed = committedCounts(bootstrap, app + "-counts-changelog");
                return committed.equals(expected) ? committed : null;
            });
        }
        List<int[]> commits = watch.commits();
        assertTrue(commits.stream().anyMatch(c -> c[1] > 1), "some commit carried state written by more than one task");
        for (int[] c : commits) {
            assertTrue(
                    c[0] <= 1, "a commit of " + c[1] + " tasks' state waited for the broker in " + c[0] + " flushes");
        }
    }

    private static Map<String, Long> committedCounts(String bootstrap, String changelog) {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<String, Long> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                LongDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                partitions.add(new TopicPartition(changelog, i));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : c.poll(Duration.ofMillis(200))) {
                    counts.put(r.key(), r.value());
                }
            }
        }
        return counts;
    }
}
