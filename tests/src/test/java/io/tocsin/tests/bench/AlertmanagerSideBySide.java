package io.tocsin.tests.bench;

import io.tocsin.tests.notifier.RealAlertmanager;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    /** The same tree for both: ten groups by default, one group per alert under phase="own" and phase="emit". */
    public static final String ROUTES = """
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
        String hookBase = CountingReceiver.start(vertx, hooks);
        try {
            List<String> blocks = args.length > 0 ? List.of(args) : List.of("post", "emit", "hold");
            for (String block : List.of("post", "emit", "hold")) {
                if (!blocks.contains(block)) {
                    continue;
                }
                try (SideBySidePair p = SideBySidePair.start(vertx, dir, block, ROUTES, hookBase)) {
                    switch (block) {
                        case "post" -> posts(p);
                        case "emit" -> emissions(p, hooks);
                        default -> held(p);
                    }
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** POST /api/v2/alerts with 1, 2 and 4 clients, into ten groups and into one group per alert. */
    private static void posts(SideBySidePair p) throws Exception {
        for (String phase : List.of("ten", "own")) {
            for (int clients : new int[] {1, 2, 4}) {
                String label = phase + clients;
                AlertPosts.Posted t = AlertPosts.post(p.tocsin().url(), clients, label, phase, 10_000, 3);
                System.out.println("  Tocsin's API producer: " + apiProducer());
                AlertPosts.Posted a = AlertPosts.post(p.am(), clients, label, phase, 10_000, 3);
                double tv = AlertPosts.visible(p.tocsin().url(), label, t.alerts(), 10);
                double av = AlertPosts.visible(p.am(), label, a.alerts(), 10);
                System.out.printf(
                        "POST %s groups, %d client(s): Tocsin %.0f accepted alerts/s (%s) p99 %.1f ms all"
                                + " visible %s, at the end %s |"
                                + " AM %.0f alerts/s (%s) p99 %.1f ms all visible %s | ratio %.2fx, p99"
                                + " %.2fx%n",
                        phase.equals("ten") ? "10" : "own",
                        clients,
                        t.rate(),
                        t.refusals(),
                        t.p99Ms(),
                        AlertPosts.seen(tv),
                        BenchNotifier.visibleAndHeld(p.tocsin().url(), label, t.alerts()),
                        a.rate(),
                        a.refusals(),
                        a.p99Ms(),
                        AlertPosts.seen(av),
                        t.rate() / a.rate(),
                        t.p99Ms() / a.p99Ms());
            }
        }
    }

    /** Bursts of 2k, 5k and 10k alerts, every one its own group: notifications/s at the receiver. */
    private static void emissions(SideBySidePair p, Map<String, AtomicInteger> hooks) throws Exception {
        // Bursts measure emission, not the warm-up: GET /api/v2/alerts shows posted
        // alerts before the dispatch has them (read-after-write), so the warm-up's "all
        // visible" did not mean processed, and the first burst used to queue behind the
        // warm-up's 2,000 groups (first notification 11-13 s after its POST). Both
        // systems wait past the warm-up's group_wait (30 s), and Tocsin until its backlog is empty.
        BenchNotifier.settle(p.tocsin().url(), 31, 120);
        // Records written per alert, every topic: counted before the bursts and after them.
        Map<String, Long> recordsBefore = RecordCounts.of(p.bootstrap());
        int burstAlerts = 0;
        // -Demit.sizes=2000 runs fewer sizes (a quicker look at one burst).
        for (String size : System.getProperty("emit.sizes", "2000,5000,10000").split(",")) {
            int n = Integer.parseInt(size.trim());
            burstAlerts += n;
            long start = System.currentTimeMillis();
            System.out.printf("  burst of %d begins at %d (epoch ms)%n", n, start);
            double t = emission(p.tocsin().url(), hooks.get("/tocsin"), n, "e" + n, 30);
            // Hop by hop, from the records' own times: where the burst waited.
            System.out.print(HopTrace.of(p.bootstrap(), "e" + n, start));
            System.out.println("  " + BenchNotifier.handoffs(p.tocsin().url()) + " (since start)");
            double a = emission(p.am(), hooks.get("/am"), n, "e" + n, 30);
            System.out.printf(
                    "emission, one group per alert, %d alerts: Tocsin %.0f notifications/s | AM %.0f/s"
                            + " | ratio %.2fx%n",
                    n, t, a, t / a);
        }
        // Delivery provenance and the history's changelog trail the last notification a little.
        Thread.sleep(3_000);
        System.out.print(RecordCounts.perAlert(recordsBefore, RecordCounts.of(p.bootstrap()), burstAlerts));
    }

    /** 100,000 active alerts: how soon all are held, GET p99, and memory per held alert. */
    private static void held(SideBySidePair p) throws Exception {
        // Memory per held alert, measured the same way on both sides: live heap after a
        // full collection with the warm-up alerts only, then again once every one of
        // the 100k is visible in GET /api/v2/alerts (not before: alerts still queued in
        // Kafka weigh nothing in the notifier yet). Tocsin: this JVM, which holds the
        // notifier and the driver, not the broker (own JVM in this block), plus the
        // native memory its RocksDB stores report (memtables, block cache, table
        // readers). Alertmanager: its Go heap after a forced collection
        // (/debug/pprof/heap?gc=1), go_memstats_heap_alloc_bytes.
        HeldMemory.histogram("before");
        long tocsinBefore = HeldMemory.jvmHeapAfterGc();
        double tocsinNativeBefore = HeldMemory.rocksDbNative(p.tocsin().registry());
        double amBefore = HeldMemory.alertmanagerHeap(p.am());
        Held t = hold(p.tocsin().url(), 100_000, 60, 10);
        Held a = hold(p.am(), 100_000, 60, 10);
        System.out.printf(
                "  100k: Tocsin accepted %.0f alerts/s (%s), at the end %s | AM %.0f alerts/s (%s)%n",
                t.posted().rate(),
                t.posted().refusals(),
                BenchNotifier.visibleAndHeld(
                        p.tocsin().url(), "hold", t.posted().alerts()),
                a.posted().rate(),
                a.posted().refusals());
        int tocsinHeld = AlertReads.count(p.tocsin().url(), "run=\"hold\"");
        int amHeld = AlertReads.count(p.am(), "run=\"hold\"");
        long tocsinHeap = HeldMemory.jvmHeapAfterGc() - tocsinBefore;
        double tocsinNative = HeldMemory.rocksDbNative(p.tocsin().registry()) - tocsinNativeBefore;
        double amHeap = HeldMemory.alertmanagerHeap(p.am()) - amBefore;
        HeldMemory.histogram("held");
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
                AlertPosts.seen(t.sinceFirst),
                AlertPosts.seen(t.sinceLast),
                t.getP99Ms,
                AlertPosts.seen(a.sinceFirst),
                AlertPosts.seen(a.sinceLast),
                a.getP99Ms,
                t.sinceFirst / a.sinceFirst,
                t.getP99Ms / a.getP99Ms);
    }

    private record Held(double sinceFirst, double sinceLast, double getP99Ms, AlertPosts.Posted posted) {}

    /** Notifications/s at the receiver when {@code n} alerts, each its own group, are posted at once. */
    public static double emission(String url, AtomicInteger received, int n, String run, int limitSeconds)
            throws Exception {
        int before = received.get();
        long t0 = System.nanoTime();
        AlertPosts.Posted p = AlertPosts.post(url, 4, run, "emit", n, limitSeconds);
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
                p.seconds(),
                first == 0 ? "-" : String.format("%.2f s", (first - t0) / 1e9),
                half == 0 ? "-" : String.format("%.2f s", (half - t0) / 1e9),
                seconds);
        if (got < n) {
            System.out.printf(
                    "  %s: %d of %d notifications within %d s%s%n",
                    url, got, n, limitSeconds, BenchNotifier.backlog(url));
        }
        Thread.sleep(1_000); // stragglers count for nobody
        return got / seconds;
    }

    private static Held hold(String url, int n, int limitSeconds, int gets) throws Exception {
        long t0 = System.nanoTime();
        AlertPosts.Posted p = AlertPosts.post(url, 4, "hold", "own", n, limitSeconds);
        long last = System.nanoTime();
        double since = AlertPosts.visible(url, "hold", p.alerts(), limitSeconds);
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
        return new Held(sinceFirst, since, AlertPosts.p99(nanos) / 1e6, p);
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
}
