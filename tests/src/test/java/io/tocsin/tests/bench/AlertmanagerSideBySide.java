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
import io.tocsin.server.broker.ChildBroker;
import io.tocsin.server.broker.EmbeddedBroker;
import io.tocsin.tests.notifier.RealAlertmanager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver, not a test: the notifier (on the in-process broker) and a real Alertmanager 0.25
 * ({@code /usr/bin/prometheus-alertmanager}) side by side, driven by the same clients and counting
 * the same webhook receiver, each figure printed with its ratio Tocsin/Alertmanager:
 * <ol>
 * <li>POST /api/v2/alerts, batches of 100, new labels every alert, 1/2/4 clients: alerts/s, POST
 * p99, and how long after the last acknowledged POST every alert is visible in GET /api/v2/alerts,
 * with the alerts in 10 groups (group_by alertname) and in one group each (group_by ...);</li>
 * <li>emission with every alert its own group (group_wait 0s), 2k/5k/10k alerts: notifications/s
 * counted at the receiver;</li>
 * <li>100,000 active alerts: seconds from the first POST until all are held, GET p99.</li>
 * </ol>
 * A batch Tocsin refuses with 429 (its dispatch is more than {@code TOCSIN_NOTIFIER_MAX_BACKLOG}
 * behind) is sent again after its Retry-After, as a retrying client does: alerts/s are accepted
 * alerts, and the 429s are printed per client, with how many of the posted alerts GET shows and
 * how many the groups hold at the end.
 * Each block starts fresh instances of both, and a broker of its own, so earlier alerts do not weigh on later figures.
 * Every phase is bounded in time (POST runs 3 s or 10k alerts, waits 10–30 s), a full run takes
 * about 3–5 minutes on two cores. Loopback only.
 * Run (no install needed): mvn -B -o -q test-compile -pl tests -am && java -cp
 * "tests/target/test-classes:$(cat tests/target/test-classpath.txt)" io.tocsin.tests.bench.AlertmanagerSideBySide
 */
public final class AlertmanagerSideBySide {
    private static final int BATCH = 100;
    /** The same tree for both: ten groups by default, one group per alert under phase="own" and phase="emit". */
    private static final String ROUTES = """
            route:
              receiver: none
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              routes:
                - matchers: ['phase="own"']
                  group_by: ['...']
                - matchers: ['phase="emit"']
                  receiver: hook
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 5m
            receivers:
              - name: none
              - name: hook
                webhook_configs:
                  - url: %s
                    send_resolved: false
            """;

    private AlertmanagerSideBySide() {}

    public static void main(String[] args) throws Exception {
        if (!RealAlertmanager.installed()) {
            throw new IllegalStateException(
                    RealAlertmanager.BINARY + " missing: apt-get install prometheus-alertmanager");
        }
        Path dir = Files.createDirectories(Path.of("target", "side-by-side-" + UUID.randomUUID()));
        Vertx vertx = Vertx.vertx();
        Map<String, AtomicInteger> hooks = Map.of("/tocsin", new AtomicInteger(), "/am", new AtomicInteger());
        HttpServer receiver = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(b -> {
                    AtomicInteger n = hooks.get(req.path());
                    if (n != null) {
                        n.incrementAndGet();
                    }
                    req.response().end();
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        String hookBase = "http://127.0.0.1:" + receiver.actualPort();
        try {
            Pair.Factory pairs = block -> {
                // A broker of its own per block: a new notifier reads the alerts topic from its
                // start, so on a shared broker the emit and hold blocks first re-read every alert
                // the blocks before them posted (tens of thousands), and measured that.
                // The hold block's broker runs in a JVM of its own (as `./tocsin up` runs it), so
                // that this JVM's heap is the notifier's (and the driver's) alone when the memory
                // per held alert is measured.
                AutoCloseable brokerProcess;
                String bootstrap;
                if (block.equals("hold")) {
                    ChildBroker child = ChildBroker.start(
                            new BrokerConfig(dir.resolve(block + "-kafka/log"), port(), port()),
                            System.getProperty("java.class.path"),
                            dir.resolve(block + "-kafka/broker.log"));
                    brokerProcess = child;
                    bootstrap = child.bootstrap();
                } else {
                    EmbeddedBroker embedded =
                            EmbeddedBroker.start(new BrokerConfig(dir.resolve(block + "-kafka/log"), port(), port()));
                    brokerProcess = embedded;
                    bootstrap = embedded.bootstrap();
                }
                TopicAdmin.ensureTopics(bootstrap, 4, 1);
                Pair p = new Pair(
                        Tocsin.start(vertx, bootstrap, ROUTES.formatted(hookBase + "/tocsin"), dir.resolve(block)),
                        RealAlertmanager.start(ROUTES.formatted(hookBase + "/am"), dir.resolve(block + "-am")),
                        brokerProcess,
                        bootstrap);
                // Warm-up, not measured: connections, JIT, the first flushes.
                for (String url : List.of(p.tocsin.url, p.am)) {
                    Posted w = post(url, 2, "warm-" + block, "own", 2_000, 10);
                    visible(url, "warm-" + block, w.alerts, 30);
                }
                return p;
            };
            List<String> blocks = args.length > 0 ? List.of(args) : List.of("post", "emit", "hold");
            if (blocks.contains("post"))
                try (Pair p = pairs.start("post")) {
                    for (String phase : List.of("ten", "own")) {
                        for (int clients : new int[] {1, 2, 4}) {
                            String label = phase + clients;
                            Posted t = post(p.tocsin.url, clients, label, phase, 10_000, 3);
                            System.out.println("  Tocsin's API producer: " + apiProducer());
                            Posted a = post(p.am, clients, label, phase, 10_000, 3);
                            double tv = visible(p.tocsin.url, label, t.alerts, 10);
                            double av = visible(p.am, label, a.alerts, 10);
                            System.out.printf(
                                    "POST %s groups, %d client(s): Tocsin %.0f accepted alerts/s (%s) p99 %.1f ms all"
                                            + " visible %s, at the end %s |"
                                            + " AM %.0f alerts/s (%s) p99 %.1f ms all visible %s | ratio %.2fx, p99"
                                            + " %.2fx%n",
                                    phase.equals("ten") ? "10" : "own",
                                    clients,
                                    t.rate(),
                                    t.refusals(),
                                    t.p99Ms,
                                    seen(tv),
                                    visibleAndHeld(p.tocsin.url, label, t.alerts),
                                    a.rate(),
                                    a.refusals(),
                                    a.p99Ms,
                                    seen(av),
                                    t.rate() / a.rate(),
                                    t.p99Ms / a.p99Ms);
                        }
                    }
                }
            if (blocks.contains("emit"))
                try (Pair p = pairs.start("emit")) {
                    // Bursts measure emission, not the warm-up: GET /api/v2/alerts shows posted
                    // alerts before the dispatch has them (read-after-write), so the warm-up's "all
                    // visible" did not mean processed, and the first burst used to queue behind the
                    // warm-up's 2,000 groups (first notification 11-13 s after its POST). Both
                    // systems wait past the warm-up's group_wait (30 s), and Tocsin until its backlog is empty.
                    settle(p.tocsin.url, 31, 120);
                    // Records written per alert, every topic: counted before the bursts and after them.
                    Map<String, Long> recordsBefore = RecordCounts.of(p.bootstrap);
                    int burstAlerts = 0;
                    // -Demit.sizes=2000 runs fewer sizes (a quicker look at one burst).
                    for (String size :
                            System.getProperty("emit.sizes", "2000,5000,10000").split(",")) {
                        int n = Integer.parseInt(size.trim());
                        burstAlerts += n;
                        long start = System.currentTimeMillis();
                        System.out.printf("  burst of %d begins at %d (epoch ms)%n", n, start);
                        double t = emission(p.tocsin.url, hooks.get("/tocsin"), n, "e" + n, 30);
                        // Hop by hop, from the records' own times: where the burst waited.
                        System.out.print(HopTrace.of(p.bootstrap, "e" + n, start));
                        double a = emission(p.am, hooks.get("/am"), n, "e" + n, 30);
                        System.out.printf(
                                "emission, one group per alert, %d alerts: Tocsin %.0f notifications/s | AM %.0f/s"
                                        + " | ratio %.2fx%n",
                                n, t, a, t / a);
                    }
                    // Delivery provenance and the history's changelog trail the last notification a little.
                    Thread.sleep(3_000);
                    System.out.print(RecordCounts.perAlert(recordsBefore, RecordCounts.of(p.bootstrap), burstAlerts));
                }
            if (blocks.contains("hold"))
                try (Pair p = pairs.start("hold")) {
                    // Memory per held alert, measured the same way on both sides: live heap after a
                    // full collection with the warm-up alerts only, then again once every one of
                    // the 100k is visible in GET /api/v2/alerts (not before: alerts still queued in
                    // Kafka weigh nothing in the notifier yet). Tocsin: this JVM, which holds the
                    // notifier and the driver, not the broker (own JVM in this block), plus the
                    // native memory its RocksDB stores report (memtables, block cache, table
                    // readers). Alertmanager: its Go heap after a forced collection
                    // (/debug/pprof/heap?gc=1), go_memstats_heap_alloc_bytes.
                    long tocsinBefore = HeldMemory.jvmHeapAfterGc();
                    double tocsinNativeBefore = HeldMemory.rocksDbNative(p.tocsin.registry);
                    double amBefore = HeldMemory.alertmanagerHeap(p.am);
                    Held t = hold(p.tocsin.url, 100_000, 60, 10);
                    Held a = hold(p.am, 100_000, 60, 10);
                    System.out.printf(
                            "  100k: Tocsin accepted %.0f alerts/s (%s), at the end %s | AM %.0f alerts/s (%s)%n",
                            t.posted.rate(),
                            t.posted.refusals(),
                            visibleAndHeld(p.tocsin.url, "hold", t.posted.alerts),
                            a.posted.rate(),
                            a.posted.refusals());
                    int tocsinHeld = AlertReads.count(p.tocsin.url, "run=\"hold\"");
                    int amHeld = AlertReads.count(p.am, "run=\"hold\"");
                    long tocsinHeap = HeldMemory.jvmHeapAfterGc() - tocsinBefore;
                    double tocsinNative = HeldMemory.rocksDbNative(p.tocsin.registry) - tocsinNativeBefore;
                    double amHeap = HeldMemory.alertmanagerHeap(p.am) - amBefore;
                    System.out.printf(
                            "memory per held alert (%d and %d held): Tocsin %.0f bytes heap + %.0f bytes RocksDB native"
                                    + " (notifier JVM, broker excluded) | AM %.0f bytes (Go heap after GC) | ratio"
                                    + " heap %.2fx, heap+native %.2fx%s%n",
                            tocsinHeld,
                            amHeld,
                            tocsinHeap / (double) tocsinHeld,
                            tocsinNative / tocsinHeld,
                            amHeap / amHeld,
                            (tocsinHeap / (double) tocsinHeld) / (amHeap / amHeld),
                            ((tocsinHeap + tocsinNative) / tocsinHeld) / (amHeap / amHeld),
                            Double.isNaN(t.sinceFirst)
                                    ? " (NOT all 100k held in Tocsin when measured: per alert of those held)"
                                    : "");
                    System.out.printf(
                            "100k active alerts: Tocsin all held %s after the first POST (%s after the last), GET p99"
                                    + " %.0f ms | AM %s (%s), GET p99 %.0f ms | ratio held %.2fx, GET p99 %.2fx%n",
                            seen(t.sinceFirst),
                            seen(t.sinceLast),
                            t.getP99Ms,
                            seen(a.sinceFirst),
                            seen(a.sinceLast),
                            a.getP99Ms,
                            t.sinceFirst / a.sinceFirst,
                            t.getP99Ms / a.getP99Ms);
                }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /**
     * @param refused 429 answers (each batch retried after its Retry-After until taken)
     * @param refusedPerClient the same, client by client
     */
    private record Posted(int alerts, double seconds, double p99Ms, int refused, List<Integer> refusedPerClient) {
        double rate() {
            return alerts / seconds;
        }

        String refusals() {
            return refused == 0 ? "no 429" : refused + " x 429 " + refusedPerClient;
        }
    }

    private record Held(double sinceFirst, double sinceLast, double getP99Ms, Posted posted) {}

    /**
     * {@code clients} threads POST batches of 100 alerts, every alert new labels, until {@code max}
     * alerts or {@code seconds} have gone by; alerts/s counts the acknowledged ones. A batch
     * refused with 429 is sent again after its Retry-After, as Prometheus' notifier retries (the
     * wait counts in the time, not in the POST p99); the 429s are counted per client.
     */
    private static Posted post(String url, int clients, String label, String phase, int max, int seconds)
            throws Exception {
        String endsAt = Instant.now().plusSeconds(3600).toString();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<Integer>> senders = new ArrayList<>();
        AtomicInteger[] refused = new AtomicInteger[clients];
        for (int c = 0; c < clients; c++) {
            AtomicInteger mine = refused[c] = new AtomicInteger();
            senders.add(pool.submit(() -> {
                int sent = 0;
                int from;
                while (System.nanoTime() < deadline && (from = next.getAndAdd(BATCH)) < max) {
                    String body = batch(label, phase, from, Math.min(max, from + BATCH), endsAt);
                    // A taken batch is never dropped: retried past the deadline too, for at most a minute.
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (true) {
                        long s = System.nanoTime();
                        HttpResponse<String> r =
                                AlertReads.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .timeout(Duration.ofSeconds(30))
                                        .build());
                        nanos.add(System.nanoTime() - s);
                        if (r.statusCode() == 200) {
                            break;
                        }
                        if (r.statusCode() != 429 || System.nanoTime() > giveUp) {
                            throw new IllegalStateException(url + " POST answered " + r.statusCode() + ": " + r.body());
                        }
                        mine.incrementAndGet();
                        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(
                                r.headers().firstValue("Retry-After").orElse("1"))));
                    }
                    sent += Math.min(max, from + BATCH) - from;
                }
                return sent;
            }));
        }
        int total = 0;
        for (Future<Integer> f : senders) {
            total += f.get();
        }
        double took = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        List<Integer> perClient =
                java.util.Arrays.stream(refused).map(AtomicInteger::get).toList();
        return new Posted(
                total,
                took,
                p99(nanos) / 1e6,
                perClient.stream().mapToInt(Integer::intValue).sum(),
                perClient);
    }

    private static String batch(String label, String phase, int from, int to, String endsAt) {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            body.append(i == from ? "" : ",")
                    .append("{\"labels\":{\"alertname\":\"Bench")
                    .append(i % 10)
                    .append("\",\"instance\":\"i-")
                    .append(i)
                    .append("\",\"phase\":\"")
                    .append(phase)
                    .append("\",\"run\":\"")
                    .append(label)
                    .append("\"},\"annotations\":{\"summary\":\"bench alert\"},")
                    .append("\"endsAt\":\"")
                    .append(endsAt)
                    .append("\"}");
        }
        return body.append(']').toString();
    }

    /** Seconds until GET /api/v2/alerts shows all {@code expected} alerts of the run, NaN if not within the limit. */
    private static double visible(String url, String run, int expected, int limitSeconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = AlertReads.count(url, "run=\"" + run + "\"");
            if (seen >= expected) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(20);
        }
        System.out.printf("  %s: %d of %d visible after %d s%s%n", url, seen, expected, limitSeconds, backlog(url));
        return Double.NaN;
    }

    /**
     * Tocsin: of the run's alerts, how many GET /api/v2/alerts shows (held, or posted and kept
     * until held) and how many its groups hold (the instance's own answer, {@code local=true},
     * which leaves the kept posts out), with the posts not held yet by the gauge.
     */
    private static String visibleAndHeld(String url, String run, int posted) {
        Tocsin t = Tocsin.BY_URL.get(url);
        String matcher = "run=\"" + run + "\"";
        int visible = AlertReads.count(url, matcher);
        int held = AlertReads.countHeld(url, matcher);
        return String.format(
                "%d of %d visible, %d held in groups (%s %.0f)",
                visible,
                posted,
                held,
                AlertApi.UNHELD_METER,
                t.registry.get(AlertApi.UNHELD_METER).gauge().value());
    }

    /** Waits {@code atLeastSeconds}, then until the notifier's alert backlog reads 0 (at most {@code limitSeconds}). */
    private static void settle(String url, int atLeastSeconds, int limitSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(atLeastSeconds));
        Tocsin t = Tocsin.BY_URL.get(url);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            quiet = t.registry.get(AlertBacklog.METER).gauge().value() == 0 ? quiet + 1 : 0;
            Thread.sleep(200);
        }
        System.out.printf(
                "  %s: settled %.1f s after the warm-up%s%n", url, (System.nanoTime() - t0) / 1e9, backlog(url));
    }

    /** Notifications/s at the receiver when {@code n} alerts, each its own group, are posted at once. */
    private static double emission(String url, AtomicInteger received, int n, String run, int limitSeconds)
            throws Exception {
        int before = received.get();
        long t0 = System.nanoTime();
        Posted p = post(url, 4, run, "emit", n, limitSeconds);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        long first = 0;
        long half = 0;
        while (received.get() - before < n && System.nanoTime() < deadline) {
            int now = received.get() - before;
            first = first == 0 && now > 0 ? System.nanoTime() : first;
            half = half == 0 && now >= n / 2 ? System.nanoTime() : half;
            Thread.sleep(5);
        }
        int got = received.get() - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "  %s: posted in %.2f s, first notification after %s, half after %s, all %.2f s%n",
                url,
                p.seconds,
                first == 0 ? "-" : String.format("%.2f s", (first - t0) / 1e9),
                half == 0 ? "-" : String.format("%.2f s", (half - t0) / 1e9),
                seconds);
        if (got < n) {
            System.out.printf("  %s: %d of %d notifications within %d s%s%n", url, got, n, limitSeconds, backlog(url));
        }
        Thread.sleep(1_000); // stragglers count for nobody
        return got / seconds;
    }

    private static Held hold(String url, int n, int limitSeconds, int gets) throws Exception {
        long t0 = System.nanoTime();
        Posted p = post(url, 4, "hold", "own", n, limitSeconds);
        long last = System.nanoTime();
        double since = visible(url, "hold", p.alerts, limitSeconds);
        double sinceFirst = Double.isNaN(since) ? Double.NaN : (last - t0) / 1e9 + since;
        List<Long> nanos = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < gets; i++) {
            long s = System.nanoTime();
            bytes = AlertReads.readToTheLastByte(url + "/api/v2/alerts");
            nanos.add(System.nanoTime() - s);
        }
        // The p99 of ten reads is their slowest: show them all, to tell one slow read from many.
        System.out.printf(
                "  %s: GET /api/v2/alerts in order (ms): %s (%d bytes each)%n",
                url, nanos.stream().map(v -> String.valueOf(v / 1_000_000)).toList(), bytes);
        return new Held(sinceFirst, since, p99(nanos) / 1e6, p);
    }

    /**
     * Where a POST's wait for Kafka goes, from the API producer's own metrics (this JVM): time a
     * record waits in the producer before its batch is sent, and the produce request's round trip.
     */
    private static String apiProducer() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        StringBuilder out = new StringBuilder();
        for (javax.management.ObjectName n :
                server.queryNames(new javax.management.ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            if (!n.getKeyProperty("client-id").endsWith("api-alerts")) {
                continue;
            }
            for (String a : List.of(
                    "record-queue-time-avg",
                    "record-queue-time-max",
                    "request-latency-avg",
                    "request-latency-max",
                    "records-per-request-avg",
                    "request-rate")) {
                out.append(a)
                        .append(' ')
                        .append(String.format("%.1f", (Double) server.getAttribute(n, a)))
                        .append(' ');
            }
        }
        return out.toString().trim();
    }

    /** Where the notifier's backlog gauge says the missing alerts are. */
    private static String backlog(String url) {
        Tocsin t = Tocsin.BY_URL.get(url);
        return t == null
                ? ""
                : String.format(
                        " (%s %.0f)",
                        AlertBacklog.METER,
                        t.registry.get(AlertBacklog.METER).gauge().value());
    }

    private static double p99(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    private static String seen(double seconds) {
        return Double.isNaN(seconds) ? "NOT within the limit" : String.format("%.2f s", seconds);
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A notifier service with its own application id and state dir. */
    private record Tocsin(NotifierService service, String url, PrometheusMeterRegistry registry)
            implements AutoCloseable {
        static final Map<String, Tocsin> BY_URL = new java.util.concurrent.ConcurrentHashMap<>();

        static Tocsin start(Vertx vertx, String bootstrap, String yaml, Path dir) throws Exception {
            NotifierConfig config = NotifierConfig.parse(yaml, "bench.yml", Map.of());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            NotifierService service = new NotifierService(
                    vertx,
                    new NotifierSettings(
                            new KafkaSettings(bootstrap),
                            "127.0.0.1",
                            0,
                            dir.resolve("state"),
                            1,
                            "bench-" + dir.getFileName() + "-" + UUID.randomUUID()),
                    config,
                    registry);
            int port = service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Tocsin t = new Tocsin(service, "http://127.0.0.1:" + port, registry);
            BY_URL.put(t.url, t);
            // Ready means the dispatch owns its partitions: a probe alert is visible.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            AlertReads.send(HttpRequest.newBuilder(URI.create(t.url + "/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch(
                            "probe",
                            "own",
                            0,
                            1,
                            Instant.now().plusSeconds(3600).toString())))
                    .build());
            while (AlertReads.count(t.url, "run=\"probe\"") < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the notifier did not hold a probe alert within 60 s");
                }
                Thread.sleep(100);
            }
            return t;
        }

        @Override
        public void close() throws Exception {
            service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private record Pair(Tocsin tocsin, String am, RealAlertmanager alertmanager, AutoCloseable broker, String bootstrap)
            implements AutoCloseable {
        Pair(Tocsin tocsin, RealAlertmanager alertmanager, AutoCloseable broker, String bootstrap) {
            this(tocsin, alertmanager.url, alertmanager, broker, bootstrap);
        }

        interface Factory {
            Pair start(String block) throws Exception;
        }

        @Override
        public void close() throws Exception {
            try {
                tocsin.close();
            } finally {
                try {
                    alertmanager.close();
                } finally {
                    broker.close();
                }
            }
        }
    }
}
