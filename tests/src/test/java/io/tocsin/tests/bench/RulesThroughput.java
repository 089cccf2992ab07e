package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.json.SampleDeserializer;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * Load driver, not a test: the rules service on a real broker in this JVM with 50 rules over
 * 10,000 series. Prints (1) evaluation throughput: a backlog of samples consumed through both
 * stages, samples/s; (2) state bytes per active series, from the latest value of every key of the
 * group and counter changelogs; (3) breaching sample → FIRING on tocsin.alerts.v1 latency, p50/p99,
 * under a background load. Every phase is bounded in time.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.RulesThroughput -Dexec.args="1000000 50000 20"
 *      (args: backlog samples, background samples/s, latency phase seconds[, bootstrap of a running broker or -[, floor]])
 * With "floor" it measures only a read-and-deserialise topology under the service's Streams settings.
 * With a bootstrap address it uses that broker (e.g. the child-JVM broker of ./tocsin up) instead of
 * one in this JVM: on a loaded 2-core machine the in-process broker can miss its 3 s controller
 * session while this driver produces, get fenced, and Streams then cannot create its internal topics.
 */
public final class RulesThroughput {
    static final int SERIES = 10_000;
    private static final int METRICS = 5;
    private static final int INSTANCES = 200;
    /**
     * The latency figure is taken under a sustained load: probes sent in the first 30 s after the
     * background starts from nothing are reported apart. That step from idle to 50,000/s takes the
     * JIT and the stream thread 10-20 s to absorb (probes then took up to 1.7 s).
     */
    private static final long WARM_UP_MS = 30_000;

    private RulesThroughput() {}

    public static void main(String[] args) throws Exception {
        long backlog = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int backgroundRate = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int latencySeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createDirectories(Path.of("target", "bench-" + UUID.randomUUID()));
        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rulesDir.resolve("bench.rules.yml"), rules());
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep((300L + latencySeconds) * 1000);
                System.out.println("bench: out of time, stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Vertx vertx = Vertx.vertx();
        String external = args.length > 3 && !args[3].equals("-") ? args[3] : null;
        boolean floor = args.length > 4 && args[4].equals("floor");
        try (EmbeddedBroker broker = external != null
                ? null
                : EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()))) {
            KafkaSettings kafka = new KafkaSettings(external != null ? external : broker.bootstrap());
            TopicAdmin.ensureTopics(kafka.bootstrap(), 4, 1);
            String appId = "bench-rules-" + UUID.randomUUID().toString().substring(0, 8);
            Properties producerProps = kafka.durableProducer("bench");
            producerProps.put("linger.ms", "10");
            producerProps.put("batch.size", "262144");
            try (KafkaProducer<String, Sample> producer = new KafkaProducer<>(
                            producerProps,
                            new StringSerializer(),
                            JsonSerde.of(Sample.class).serializer());
                    Admin admin = Admin.create(adminProps(kafka))) {
                long now = System.currentTimeMillis();
                long started = System.nanoTime();
                for (long i = 0; i < backlog; i++) {
                    Sample s = sample((int) (i % SERIES), now - 60_000 + (i / SERIES) * 10, (double) (i / SERIES));
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
                }
                producer.flush();
                System.out.printf(
                        "produced a backlog of %,d samples over %,d series in %.1f s%n",
                        backlog, SERIES, (System.nanoTime() - started) / 1e9);

                RulesSettings settings = new RulesSettings(
                        kafka, "127.0.0.1", 0, rulesDir, dir.resolve("state"), 1, appId, TopologySettings.DEFAULTS);
                if (floor) {
                    floor(settings, admin, backlog);
                } else {
                    RulesService service =
                            new RulesService(vertx, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                    service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    throughput(admin, appId, backlog, Duration.ofSeconds(180), true);
                    stateBytes(kafka, admin, appId);
                    latency(kafka, producer, backgroundRate, latencySeconds);
                    service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** 5 metrics × 2,000 series; 10 rules per metric, by instance (200 groups each), none breaching. */
    static String rules() {
        String[] aggregates = {"avg", "max", "min", "sum", "count", "last", "rate", "increase", "delta", "avg"};
        StringBuilder sb = new StringBuilder("groups:\n  - name: bench\n    rules:\n");
        for (int m = 0; m < METRICS; m++) {
            for (int r = 0; r < aggregates.length; r++) {
                sb.append("      - alert: Bench")
                        .append(m)
                        .append('_')
                        .append(r)
                        .append('\n')
                        .append("        select: 'bench_metric_")
                        .append(m)
                        .append("'\n")
                        .append("        aggregate: ")
                        .append(aggregates[r])
                        .append('\n')
                        .append("        window: 5m\n        by: [instance]\n        condition: '> 1e15'\n");
            }
        }
        sb.append("""
                      - alert: BenchProbe
                        select: 'bench_probe'
                        aggregate: max
                        window: 30s
                        by: [probe]
                        condition: '> 100'
                """);
        return sb.toString();
    }

    static Sample sample(int series, long ts, double value) {
        int metric = series % METRICS;
        int within = series / METRICS;
        Labels labels = Labels.of("instance", "i-" + (within % INSTANCES), "path", "/p" + (within / INSTANCES));
        return new Sample("bench_metric_" + metric, labels, value, ts, SampleKind.COUNTER);
    }

    /** From the first committed progress until the samples and the repartition topic are both fully committed. */
    /**
     * The floor under any topology here: the rules service's Streams settings (exactly-once, commit
     * interval, polls) with a topology that only reads and deserialises each sample. What is left
     * between this and the rules figure is the evaluation's own cost.
     */
    private static void floor(RulesSettings settings, Admin admin, long backlog) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        AtomicLong seen = new AtomicLong();
        b.stream(
                        Topics.SAMPLES,
                        Consumed.with(
                                Serdes.String(),
                                Serdes.serdeFrom(JsonSerde.of(Sample.class).serializer(), new SampleDeserializer())))
                .foreach((k, v) -> seen.incrementAndGet());
        try (KafkaStreams streams = new KafkaStreams(b.build(), RulesService.streamsProperties(settings))) {
            streams.start();
            throughput(admin, settings.applicationId(), backlog, Duration.ofSeconds(180), false);
            System.out.printf("floor: the topology saw %,d samples%n", seen.get());
        }
    }

    private static void throughput(Admin admin, String appId, long backlog, Duration limit, boolean repartition)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long firstAt = 0;
        long firstDone = 0;
        long firstCpu = 0;
        long firstStreamCpu = 0;
        while (System.nanoTime() < deadline) {
            long done = committed(admin, appId, Topics.SAMPLES);
            // never ask the broker about the repartition topic before Streams made it: a metadata
            // request could auto-create it with the wrong partition count
            long repartitionLag =
                    !repartition ? 0 : done >= backlog ? lag(admin, appId, appId + "-rule-groups-repartition") : -1;
            if (firstAt == 0 && done > 0) {
                firstAt = System.nanoTime();
                firstDone = done;
                firstCpu = cpuNanos();
                firstStreamCpu = streamThreadCpuNanos();
            }
            if (done >= backlog && repartitionLag == 0) {
                double secs = (System.nanoTime() - firstAt) / 1e9;
                double cpu = (cpuNanos() - firstCpu) / 1e9;
                double streamCpu = (streamThreadCpuNanos() - firstStreamCpu) / 1e9;
                System.out.printf(
                        "throughput: %,d samples through stage 1 and 2 in %.1f s = %,.0f samples/s (50 rules, %,d series)%n",
                        done - firstDone, secs, (done - firstDone) / secs, SERIES);
                // the machine is shared: CPU time used is the figure other load distorts least
                System.out.printf(
                        "cpu: this JVM (rules service + driver, not the broker) used %.1f CPU-s = %,.0f samples per CPU-second%n",
                        cpu, (done - firstDone) / cpu);
                // the stream thread alone: the evaluation's own cost, without JIT warm-up, GC or the driver
                System.out.printf(
                        "cpu: the stream thread used %.1f CPU-s = %,.0f samples per stream-thread CPU-second%n",
                        streamCpu, (done - firstDone) / streamCpu);
                return;
            }
            Thread.sleep(100);
        }
        long done = committed(admin, appId, Topics.SAMPLES);
        double secs = (System.nanoTime() - firstAt) / 1e9;
        System.out.printf(
                "throughput: NOT caught up in %d s; %,d of %,d samples = %,.0f samples/s%n",
                limit.toSeconds(), done, backlog, (done - firstDone) / secs);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long streamThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null
                    && t.getThreadName().contains("StreamThread")
                    && !t.getThreadName().contains("producer")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        offsets.keySet().stream()
                .filter(tp -> tp.topic().equals(topic))
                .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        if (latest.size() < 4) {
            return Long.MAX_VALUE; // not every partition has committed yet
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = offsets.get(e.getKey());
            // committed offsets under exactly-once stop short of the end by the transaction markers
            lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()) - 1);
        }
        return lag;
    }

    /** The compacted view of the state changelogs: latest key and value bytes per key. */
    private static void stateBytes(KafkaSettings kafka, Admin admin, String appId) throws Exception {
        long total = 0;
        StringBuilder detail = new StringBuilder();
        for (String store : List.of("rules-groups", "rules-group-buckets", "rules-counters")) {
            String topic = appId + "-" + store + "-changelog";
            Properties p = kafka.committedReader("bench-state-" + UUID.randomUUID(), "bench-state");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            // keys are binary, compared as bytes, and per partition: a store's keys are its task's own
            Map<Map.Entry<Integer, Bytes>, Integer> latest = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> c =
                    new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = new ArrayList<>();
                c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline
                        && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp) - 1)) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.value() == null) {
                            latest.remove(Map.entry(r.partition(), Bytes.wrap(r.key())));
                        } else {
                            latest.put(
                                    Map.entry(r.partition(), Bytes.wrap(r.key())), r.key().length + r.value().length);
                        }
                    }
                }
            }
            long bytes = latest.values().stream().mapToLong(Integer::longValue).sum();
            total += bytes;
            detail.append(String.format("%s: %,d keys, %,d bytes; ", store, latest.size(), bytes));
        }
        System.out.printf(
                "state: %,d bytes for %,d active series = %,.0f bytes/series (%s)%n",
                total, SERIES, (double) total / SERIES, detail);
    }

    /** Background samples at a target rate, and a breaching probe every 500 ms; time to its FIRING. */
    private static void latency(KafkaSettings kafka, KafkaProducer<String, Sample> producer, int rate, int seconds)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        List<Long> rampMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong background = new AtomicLong();
        Thread reader = new Thread(() -> {
            Properties p = kafka.committedReader("bench-alerts-" + UUID.randomUUID(), "bench-alerts");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            try (KafkaConsumer<String, Alert> c = new KafkaConsumer<>(
                    p, new StringDeserializer(), JsonSerde.of(Alert.class).deserializer())) {
                c.subscribe(List.of(Topics.ALERTS));
                while (running.get()) {
                    for (ConsumerRecord<String, Alert> r : c.poll(Duration.ofMillis(50))) {
                        Alert a = r.value();
                        if (a != null
                                && a.state() == AlertState.FIRING
                                && a.labels().get("probe") != null) {
                            Long t = sentAt.remove(a.labels().get("probe"));
                            if (t != null) {
                                (a.labels().get("probe").startsWith("ramp") ? rampMillis : millis)
                                        .add((System.nanoTime() - t) / 1_000_000);
                                if (Boolean.getBoolean("bench.pulse")) {
                                    System.out.println("probe " + (System.nanoTime() - t) / 1_000_000 + " ms");
                                }
                            }
                        }
                    }
                }
            }
        });
        reader.start();
        Thread.sleep(3000); // the reader joins its group before the first probe
        Thread load = new Thread(() -> {
            long i = 0;
            long start = System.nanoTime();
            while (running.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                while (i < due && running.get()) {
                    Sample s = sample((int) (i % SERIES), System.currentTimeMillis(), i / SERIES + 1e6);
                    producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
                    i++;
                }
                background.set(i);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        load.start();
        AutoCloseable pulse = StreamsPulse.startIfAsked();
        long loadStarted = System.nanoTime();
        int rampProbes = 0;
        while (System.nanoTime() - loadStarted < WARM_UP_MS * 1_000_000L) {
            probe(producer, sentAt, "ramp" + rampProbes++);
        }
        long started = System.nanoTime();
        int probes = 0;
        while (System.nanoTime() - started < seconds * 1_000_000_000L) {
            probe(producer, sentAt, "p" + probes++);
        }
        Thread.sleep(3000);
        double achieved = background.get() / ((System.nanoTime() - started) / 1e9 + WARM_UP_MS / 1e3);
        running.set(false);
        pulse.close();
        load.join();
        reader.join(5000);
        System.out.printf(
                "latency breaching sample -> FIRING on tocsin.alerts.v1, after %d s of load: %s"
                        + " (background %,.0f samples/s achieved of %,d asked)%n",
                WARM_UP_MS / 1000, percentiles(millis, probes), achieved, rate);
        System.out.println("latency: every probe in the order they fired (ms): " + millis);
        System.out.printf(
                "latency in the first %d s, as the load steps up from nothing: %s%n",
                WARM_UP_MS / 1000, percentiles(rampMillis, rampProbes));
        System.out.println("latency: every ramp probe in the order they fired (ms): " + rampMillis);
    }

    private static void probe(KafkaProducer<String, Sample> producer, Map<String, Long> sentAt, String id)
            throws InterruptedException {
        Sample s =
                new Sample("bench_probe", Labels.of("probe", id), 1000, System.currentTimeMillis(), SampleKind.GAUGE);
        sentAt.put(id, System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
        Thread.sleep(500);
    }

    private static String percentiles(List<Long> millis, int probes) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no probe fired of " + probes;
        }
        return String.format(
                "%d of %d probes, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                sorted.size(),
                probes,
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
    }

    private static Properties adminProps(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        return p;
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
