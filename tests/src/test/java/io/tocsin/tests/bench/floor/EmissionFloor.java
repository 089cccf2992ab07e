package io.tocsin.tests.bench.floor;

import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.tocsin.tests.bench.AlertPosts;
import io.tocsin.tests.bench.AlertmanagerSideBySide;
import io.tocsin.tests.bench.CountingReceiver;
import io.tocsin.tests.bench.idle.ProcCpu;
import io.tocsin.tests.notifier.NotifierOnBroker;
import io.tocsin.tests.notifier.RealAlertmanager;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Load driver, not a test: how fast a notifier of Tocsin's design can take alerts into their
 * groups and emit them at best on this machine, side by side with a real Alertmanager 0.25 in the
 * same run. The floor keeps only what the design requires of every notification (a POST
 * acknowledged after Kafka has the alert; state in Kafka Streams stores keyed by group,
 * exactly-once, behind a repartition unless {@code -Dfloor.repartition=false}; the decision on a
 * topic; a delivery read read_committed, POSTed, and recorded in a ledger) and none of the
 * notifier's own work. If the floor is under 2× Alertmanager, issue 14's goals are out of reach
 * for any notifier of this design here; if it is far above, the gap is the notifier's.
 * Same clients, bursts and counting receiver as {@link AlertmanagerSideBySide}'s emit block; also
 * prints the CPU per notification of this JVM (floor, broker, clients, receiver) and of Alertmanager.
 * Run: mvn -B -o -q test-compile -pl tests -am && java -cp
 * "tests/target/test-classes:$(cat tests/target/test-classpath.txt)" io.tocsin.tests.bench.floor.EmissionFloor
 */
public final class EmissionFloor {
    private EmissionFloor() {}

    public static void main(String[] args) throws Exception {
        if (!RealAlertmanager.installed()) {
            throw new IllegalStateException(
                    RealAlertmanager.BINARY + " missing: apt-get install prometheus-alertmanager");
        }
        Path dir = Files.createDirectories(Path.of("target", "emission-floor-" + UUID.randomUUID()));
        Vertx vertx = Vertx.vertx();
        Map<String, AtomicInteger> hooks = Map.of("/floor", new AtomicInteger(), "/am", new AtomicInteger());
        String hookBase = CountingReceiver.start(vertx, hooks);
        try (EmbeddedBroker broker = EmbeddedBroker.start(new BrokerConfig(
                        dir.resolve("kafka/log"), NotifierOnBroker.freePort(), NotifierOnBroker.freePort()));
                RealAlertmanager am = RealAlertmanager.start(
                        AlertmanagerSideBySide.ROUTES.formatted(hookBase + "/am"), dir.resolve("am"))) {
            String bootstrap = broker.bootstrap();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(
                                new NewTopic(FloorTopology.ALERTS, 4, (short) 1),
                                new NewTopic(FloorTopology.DECISIONS, 4, (short) 1),
                                new NewTopic(FloorDelivery.LEDGER, 4, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            // -Dfloor.repartition=false: the floor of a design that routes at the API (no hop by group).
            boolean repartition = Boolean.parseBoolean(System.getProperty("floor.repartition", "true"));
            System.out.println("floor with" + (repartition ? "" : "out") + " the repartition by group");
            KafkaStreams streams = new KafkaStreams(
                    FloorTopology.build(repartition), FloorTopology.config(bootstrap, dir.resolve("state")));
            streams.start();
            try (KafkaProducer<String, byte[]> apiProducer = producer(bootstrap);
                    KafkaProducer<String, byte[]> ledger = producer(bootstrap);
                    FloorApi api = FloorApi.start(vertx, apiProducer);
                    FloorDelivery delivery =
                            FloorDelivery.start(vertx, consumer(bootstrap), ledger, hookBase + "/floor")) {
                // Warm-up, not measured: connections, JIT, the Streams tasks' first commits.
                AlertmanagerSideBySide.emission(api.url(), hooks.get("/floor"), 2_000, "warm", 60);
                AlertmanagerSideBySide.emission(am.url, hooks.get("/am"), 2_000, "warm", 60);
                posts(api.url(), am.url, bootstrap);
                long amPid = am.pid();
                for (String size :
                        System.getProperty("emit.sizes", "2000,5000,10000").split(",")) {
                    int n = Integer.parseInt(size.trim());
                    long cpu0 = jvmCpuNanos();
                    double f = AlertmanagerSideBySide.emission(api.url(), hooks.get("/floor"), n, "e" + n, 30);
                    double floorCpuMs = (jvmCpuNanos() - cpu0) / 1e6 / n;
                    long amTicks0 = ProcCpu.processTicks(amPid);
                    long driver0 = jvmCpuNanos();
                    double a = AlertmanagerSideBySide.emission(am.url, hooks.get("/am"), n, "e" + n, 30);
                    double amCpuMs = (ProcCpu.processTicks(amPid) - amTicks0) * 1000.0 / ProcCpu.TICKS_PER_SECOND / n;
                    // The clients and the receiver are in this JVM: what it spends while only
                    // Alertmanager works is the driver's own cost per alert, in both windows.
                    double driverCpuMs = (jvmCpuNanos() - driver0) / 1e6 / n;
                    System.out.printf(
                            "emission floor, one group per alert, %d alerts: floor %.0f notifications/s (%.2f ms CPU"
                                    + " per alert, this JVM) | AM %.0f/s (%.2f ms CPU per alert, its process;"
                                    + " the driver's clients and receiver %.2f ms) | ratio %.2fx%n",
                            n, f, floorCpuMs, a, amCpuMs, driverCpuMs, f / a);
                }
            } finally {
                streams.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /**
     * POST, one group per alert, 1/2/4 clients: the floor's accepted alerts/s and how long after the
     * last acknowledged POST the last alert is in its group (its decision committed), against
     * Alertmanager's accepted alerts/s (AlertmanagerSideBySide's post block, no receiver).
     */
    private static void posts(String floor, String am, String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (int clients : new int[] {1, 2, 4}) {
                long decided = decided(admin);
                AlertPosts.Posted f = AlertPosts.post(floor, clients, "own" + clients, "own", 10_000, 3);
                long last = System.nanoTime();
                long inGroups = -1;
                while (System.nanoTime() - last < TimeUnit.SECONDS.toNanos(30)) {
                    if (decided(admin) - decided >= f.alerts()) {
                        inGroups = System.nanoTime() - last;
                        break;
                    }
                    Thread.sleep(20);
                }
                AlertPosts.Posted a = AlertPosts.post(am, clients, "own" + clients, "own", 10_000, 3);
                System.out.printf(
                        "POST own groups, %d client(s): floor %.0f accepted alerts/s, all in their groups %s after"
                                + " the last POST (%.0f alerts/s from the first POST) | AM %.0f alerts/s | ratio"
                                + " accepted %.2fx, in groups %.2fx%n",
                        clients,
                        f.rate(),
                        inGroups < 0 ? "not within 30 s" : String.format("%.2f s", inGroups / 1e9),
                        inGroups < 0 ? 0 : f.alerts() / (f.seconds() + inGroups / 1e9),
                        a.rate(),
                        f.rate() / a.rate(),
                        inGroups < 0 ? 0 : f.alerts() / (f.seconds() + inGroups / 1e9) / a.rate());
            }
        }
    }

    /** Decisions committed so far, all partitions: what read_committed consumers can see. */
    private static long decided(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            ends.put(new TopicPartition(FloorTopology.DECISIONS, p), OffsetSpec.latest());
        }
        return admin
                .listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "floor-delivery");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
