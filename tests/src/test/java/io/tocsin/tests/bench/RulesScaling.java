package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.TopicSizing;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load driver, not a test: how rules throughput changes from one instance to two. One backlog
 * (RulesThroughput's 50 rules over 10,000 series) on a samples topic of P partitions; then, under
 * a fresh application id each time, 1 and then 2 rules instances (each its own Streams client,
 * one stream thread, own state dir; in this JVM) consume all of it through both stages. Prints
 * one parseable line per run:
 * {@code RULES SCALE instances=N partitions=P samples_per_s=... stream_cpu_s=... samples_per_stream_cpu_s=...}.
 * The per-stream-thread-CPU figure is what carries over to other machines; wall-clock rates on a
 * shared 2-core machine say more about the neighbours than about Tocsin.
 * Run (after building the reactor): java -cp "$(cat tests/target/test-classpath.txt):tests/target/test-classes"
 *   io.tocsin.tests.bench.RulesScaling [backlog=600000] [partitions=4] [bootstrap of a running broker]
 */
public final class RulesScaling {
    /** Each run stops here, caught up or not, and reports what it got through. */
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private RulesScaling() {}

    public static void main(String[] args) throws Exception {
        long backlog = args.length > 0 ? Long.parseLong(args[0]) : 600_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String external = args.length > 2 ? args[2] : null;
        Path dir = Files.createDirectories(Path.of("target", "bench-scale-" + UUID.randomUUID()));
        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rulesDir.resolve("bench.rules.yml"), RulesThroughput.rules());
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(720_000);
                System.out.println("bench: out of time, stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Vertx vertx = Vertx.vertx();
        try (EmbeddedBroker broker = external != null
                ? null
                : EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()))) {
            KafkaSettings kafka = new KafkaSettings(external != null ? external : broker.bootstrap());
            TopicAdmin.ensureTopics(kafka.bootstrap(), new TopicSizing(partitions, partitions, partitions, 1, -1));
            produce(kafka, backlog);
            try (Admin admin = Admin.create(adminProps(kafka))) {
                for (int instances = 1; instances <= 2; instances++) {
                    run(vertx, kafka, admin, rulesDir, dir, instances, partitions, backlog);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void produce(KafkaSettings kafka, long backlog) {
        Properties p = kafka.durableProducer("bench-scale");
        p.put("linger.ms", "10");
        p.put("batch.size", "262144");
        long now = System.currentTimeMillis();
        long started = System.nanoTime();
        try (KafkaProducer<String, Sample> producer = new KafkaProducer<>(
                p, new StringSerializer(), JsonSerde.of(Sample.class).serializer())) {
            for (long i = 0; i < backlog; i++) {
                Sample s = RulesThroughput.sample(
                        (int) (i % RulesThroughput.SERIES), now - 60_000 + (i / RulesThroughput.SERIES) * 10, (double)
                                (i / RulesThroughput.SERIES));
                producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
            }
            producer.flush();
        }
        System.out.printf(
                "produced a backlog of %,d samples in %.1f s%n", backlog, (System.nanoTime() - started) / 1e9);
    }

    private static void run(
            Vertx vertx,
            KafkaSettings kafka,
            Admin admin,
            Path rulesDir,
            Path dir,
            int instances,
            int partitions,
            long backlog)
            throws Exception {
        String appId =
                "bench-scale-" + instances + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<RulesService> services = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            RulesSettings settings = new RulesSettings(
                    kafka,
                    "127.0.0.1",
                    0,
                    rulesDir,
                    dir.resolve(appId).resolve("state-" + i),
                    1,
                    appId,
                    TopologySettings.DEFAULTS);
            RulesService service =
                    new RulesService(vertx, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            services.add(service);
        }
        // Started together, so the first assignment already spreads the partitions.
        List<io.vertx.core.Future<Integer>> started =
                services.stream().map(RulesService::start).toList();
        for (io.vertx.core.Future<Integer> f : started) {
            f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long firstAt = 0;
        long firstDone = 0;
        long firstCpu = 0;
        String outcome = null;
        while (System.nanoTime() < deadline && outcome == null) {
            long done = RulesThroughput.committed(admin, appId, Topics.SAMPLES);
            if (firstAt == 0 && done > 0) {
                firstAt = System.nanoTime();
                firstDone = done;
                firstCpu = RulesThroughput.streamThreadCpuNanos();
            }
            if (done >= backlog && RulesThroughput.lag(admin, appId, appId + "-rule-groups-repartition") == 0) {
                double secs = (System.nanoTime() - firstAt) / 1e9;
                double cpu = (RulesThroughput.streamThreadCpuNanos() - firstCpu) / 1e9;
                long n = done - firstDone;
                outcome = String.format(
                        "RULES SCALE instances=%d partitions=%d samples=%d seconds=%.1f samples_per_s=%.0f stream_cpu_s=%.1f samples_per_stream_cpu_s=%.0f cores=%d load=%.1f",
                        instances,
                        partitions,
                        n,
                        secs,
                        n / secs,
                        cpu,
                        n / cpu,
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
            }
            Thread.sleep(100);
        }
        if (outcome == null) {
            // A loaded machine may not get through the backlog in time: the rate so far still counts.
            long n = RulesThroughput.committed(admin, appId, Topics.SAMPLES) - firstDone;
            double secs = (System.nanoTime() - firstAt) / 1e9;
            double cpu = (RulesThroughput.streamThreadCpuNanos() - firstCpu) / 1e9;
            outcome = String.format(
                    "RULES SCALE instances=%d partitions=%d NOT_CAUGHT_UP samples=%d seconds=%.1f samples_per_s=%.0f stream_cpu_s=%.1f samples_per_stream_cpu_s=%.0f load=%.1f",
                    instances,
                    partitions,
                    n,
                    secs,
                    n / secs,
                    cpu,
                    n / cpu,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
        System.out.println(outcome);
        for (RulesService s : services) {
            s.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static Properties adminProps(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        return p;
    }

    private static int port() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
