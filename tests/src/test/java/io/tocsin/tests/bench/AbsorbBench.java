package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.api.AlertApi;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertBacklog;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver, not a test: how fast the notifier's dispatch absorbs posted alerts into their
 * groups, with the alerts in ten big groups ({@code ten}: group_by alertname, ten alertnames) or
 * each in a group of its own ({@code own}). Per phase a fresh broker and notifier (no backlog
 * bound, so nothing is refused), a warm-up of 2,000 alerts absorbed first, then {@code n} alerts
 * POSTed by 4 clients in batches of 100; printed: accepted alerts/s, seconds until every posted
 * alert is in its group (the unheld-posts gauge reads 0: {@link AlertApi#UNHELD_METER}), alerts
 * absorbed per second from the first POST, and the dispatch stream thread's CPU per alert (less
 * sensitive to a loaded machine than the rates). group_wait is 10m, so that no group is flushed
 * while alerts are absorbed: the figures are the absorption's alone. Bounded: 120 s per phase. Loopback only.
 * Run: java -cp "tests/target/test-classes:$(cat tests/target/test-classpath.txt)"
 * io.tocsin.tests.bench.AbsorbBench [ten] [own] (-Dabsorb.n=20000)
 */
public final class AbsorbBench {
    private static final int BATCH = 100;
    private static final int CLIENTS = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String ROUTES = """
            route:
              receiver: none
              group_by: [alertname]
              group_wait: 10m
              group_interval: 10m
              routes:
                - matchers: ['phase="own"']
                  group_by: ['...']
            receivers:
              - name: none
            """;

    private AbsorbBench() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("absorb.n", 20_000);
        List<String> phases = args.length > 0 ? List.of(args) : List.of("ten", "own");
        Path dir = Files.createDirectories(Path.of("target", "absorb-" + UUID.randomUUID()));
        Vertx vertx = Vertx.vertx();
        try {
            for (String phase : phases) {
                try (EmbeddedBroker broker =
                        EmbeddedBroker.start(new BrokerConfig(dir.resolve(phase + "-kafka/log"), port(), port()))) {
                    TopicAdmin.ensureTopics(broker.bootstrap(), 4, 1);
                    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    NotifierService notifier = new NotifierService(
                            vertx,
                            new NotifierSettings(
                                            new KafkaSettings(broker.bootstrap()),
                                            "127.0.0.1",
                                            0,
                                            dir.resolve(phase + "-state"),
                                            1,
                                            "absorb-" + phase + "-" + UUID.randomUUID())
                                    .withMaxBacklog(10_000_000),
                            NotifierConfig.parse(ROUTES, "bench.yml", Map.of()),
                            registry);
                    int port = notifier.start()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(60, TimeUnit.SECONDS);
                    String url = "http://127.0.0.1:" + port;
                    try {
                        post(url, "warm", "own", 2_000);
                        if (Double.isNaN(untilHeld(registry, 60))) {
                            System.out.println("  warm-up not absorbed within 60 s");
                        }
                        run(url, registry, phase, n);
                    } finally {
                        notifier.stop()
                                .toCompletionStage()
                                .toCompletableFuture()
                                .get(60, TimeUnit.SECONDS);
                    }
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(String url, PrometheusMeterRegistry registry, String phase, int n) throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpu0 = streamThreadCpuNanos();
        Map<String, Double> counts0 = threadCounts();
        long t0 = System.nanoTime();
        post(url, phase, phase, n);
        double posted = (System.nanoTime() - t0) / 1e9;
        double after = untilHeld(registry, 120);
        long cpu = streamThreadCpuNanos() - cpu0;
        Map<String, Double> counts = threadCounts();
        StringBuilder perCycle = new StringBuilder();
        counts.forEach((k, v) -> perCycle.append(' ')
                .append(k)
                .append(' ')
                .append(String.format("%.0f", v - counts0.getOrDefault(k, 0.0))));
        double total = posted + after;
        System.out.printf(
                "absorb %s, %d alerts (load %.1f -> %.1f): accepted %.0f alerts/s; all in their groups %.2f s after"
                        + " the last POST; absorbed %.0f alerts/s from the first POST; stream thread CPU %.1f us"
                        + " per alert;%s%n",
                phase,
                n,
                load,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                n / posted,
                after,
                n / total,
                cpu / 1e3 / n,
                perCycle);
    }

    /** The stream thread's loop counts (Kafka Streams' thread metrics, over JMX): what one alert's cost is spread over. */
    private static Map<String, Double> threadCounts() throws Exception {
        javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> out = new java.util.TreeMap<>();
        for (javax.management.ObjectName on : server.queryNames(
                new javax.management.ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
            for (String a : List.of("commit-total", "poll-total", "process-total", "punctuate-total")) {
                Object v;
                try {
                    v = server.getAttribute(on, a);
                } catch (javax.management.AttributeNotFoundException e) {
                    continue;
                }
                if (v instanceof Number num) {
                    out.merge(a, num.doubleValue(), Double::sum);
                }
            }
        }
        return out;
    }

    /** Seconds until no posted alert waits for its group (NaN after {@code limitSeconds}), printing progress. */
    private static double untilHeld(PrometheusMeterRegistry registry, int limitSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        long nextPrint = t0;
        while (System.nanoTime() < deadline) {
            double unheld = registry.get(AlertApi.UNHELD_METER).gauge().value();
            double backlog = registry.get(AlertBacklog.METER).gauge().value();
            if (unheld == 0 && backlog == 0) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (System.nanoTime() >= nextPrint) {
                System.out.printf(
                        "  %.1f s: %.0f posted not held, dispatch backlog %.0f%n",
                        (System.nanoTime() - t0) / 1e9, unheld, backlog);
                nextPrint += TimeUnit.SECONDS.toNanos(2);
            }
            Thread.sleep(50);
        }
        return Double.NaN;
    }

    /** CPU time of the dispatch's stream threads (this JVM has one notifier). */
    private static long streamThreadCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().contains("-StreamThread-")) {
                long c = mx.getThreadCpuTime(e.getKey().getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    private static void post(String url, String run, String phase, int max) throws Exception {
        String endsAt = Instant.now().plusSeconds(3600).toString();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            senders.add(pool.submit(() -> {
                int from;
                while ((from = next.getAndAdd(BATCH)) < max) {
                    String body = AlertPosts.batch(run, phase, from, Math.min(max, from + BATCH), endsAt);
                    HttpResponse<String> r = HTTP.send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : senders) {
            f.get();
        }
        pool.shutdown();
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
