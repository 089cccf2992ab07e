package io.tocsin.tests.bench.windowed;

import com.sun.net.httpserver.HttpServer;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.tocsin.tests.notifier.RealAlertmanager;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Load driver, not a test: breach → webhook latency of threshold and windowed rules, Tocsin and a
 * tuned Prometheus 2.42 + Alertmanager 0.25 fed the same numbers in the same run (issue 20).
 *
 * <p>Every second the driver appends one tick per instance ({@link Scenario}): it POSTs it to
 * Tocsin's /v1/samples (stamped with the tick's time) and serves it on its own /metrics, which
 * Prometheus scrapes every second and evaluates every second; both alert to their notifier
 * (group_wait 0s, group_interval 1s, one group per alert) and on to one webhook here. Each
 * instance breaches at its own moment for 75 s. For each rule kind and for its resolve it prints
 * breach → webhook for both, and how late each is against the window math: the first moment the
 * rule's expression, evaluated continuously on the exact input, is true (false for a resolve),
 * computed here from the generated data ({@link WindowMath}). For Tocsin it splits the time into
 * hops: the window math → the time the alert says it changed (startsAt, endsAt: how far stage 2
 * held its judgement back) → readable on tocsin.alerts.v1 (stage 2's commit) → the moment the
 * notifier's group was due (its group_interval tick, or resolve_wait: the route's semantics) →
 * the decision readable on tocsin.notifications.v1 (the timer and the group stage's commit) →
 * webhook (delivery).
 *
 * <p>Args: {@code [instances=12] [background samples/s into Tocsin=0]}. A run takes about
 * 65 s warm-up + instances × 1.7 s + 75 s breach + 70 s for the resolves. Loopback only.
 * Run: mvn -B -o -q test-compile -pl tests -am && java -Xmx768m -cp
 * "tests/target/test-classes:$(cat tests/target/test-classpath.txt)"
 * io.tocsin.tests.bench.windowed.WindowedLatencySideBySide 12 0
 */
public final class WindowedLatencySideBySide {
    static final long WINDOW_MS = 60_000;
    static final String[] KINDS = {"LagHigh", "DbDown", "ErrorRatio", "P95High"};

    private static final String TOCSIN_RULES = """
            groups:
              - name: scenario
                rules:
                  - alert: LagHigh
                    select: 'replica_lag_seconds'
                    aggregate: last
                    window: 1m
                    by: [instance]
                    condition: '> 30'
                  - alert: DbDown
                    select: 'db_health'
                    aggregate: last
                    window: 1m
                    by: [instance]
                    condition: '== 0'
                  - alert: ErrorRatio
                    select: 'http_requests_total{code="500"}'
                    over: 'http_requests_total'
                    aggregate: rate
                    window: 1m
                    by: [instance]
                    condition: '> 0.01'
                  - alert: P95High
                    select: 'http_request_duration_seconds_bucket'
                    aggregate: histogram_quantile(0.95)
                    window: 1m
                    by: [instance]
                    condition: '> 1'
                  - alert: BackgroundNever
                    select: 'bg_load'
                    aggregate: avg
                    window: 1m
                    by: [shard]
                    condition: '> 1e12'
            """;
    private static final String PROM_RULES = """
            groups:
              - name: scenario
                rules:
                  - alert: LagHigh
                    expr: max by (instance) (replica_lag_seconds) > 30
                  - alert: DbDown
                    expr: min by (instance) (db_health) == 0
                  - alert: ErrorRatio
                    expr: sum by (instance) (rate(http_requests_total{code="500"}[1m])) / sum by (instance) (rate(http_requests_total[1m])) > 0.01
                  - alert: P95High
                    expr: histogram_quantile(0.95, sum by (instance, le) (rate(http_request_duration_seconds_bucket[1m]))) > 1
            """;
    /** The same tree for both notifiers: every alert its own group, sent at once, resolves at the next second. */
    private static final String ROUTE = """
            route:
              receiver: hook
              group_by: ['...']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 4h
            receivers:
              - name: hook
                webhook_configs: [{url: '%s'}]
            """;

    /**
     * Tocsin's {@code resolve_wait} on that route, from {@code -Dbench.resolveWait=0s}; unset by
     * default, as in Alertmanager: a resolve goes out at its group's next group_interval tick.
     * Set, it shows what the resolve path costs without the tick's wait (Alertmanager has no such key).
     */
    static final String RESOLVE_WAIT = System.getProperty("bench.resolveWait");

    private WindowedLatencySideBySide() {}

    /** Tocsin's copy of {@link #ROUTE}: the same, plus resolve_wait when asked for. */
    static String tocsinRoute() {
        if (RESOLVE_WAIT == null) {
            return ROUTE;
        }
        String route = ROUTE.replace(
                "  repeat_interval: 4h\n", "  repeat_interval: 4h\n  resolve_wait: " + RESOLVE_WAIT + "\n");
        if (route.equals(ROUTE)) {
            throw new IllegalStateException("no place for resolve_wait in the route");
        }
        return route;
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path dir = Files.createDirectories(Path.of("target", "bench-windowed-" + UUID.randomUUID()))
                .toAbsolutePath();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("scenario.rules.yml"), TOCSIN_RULES);
        LoadAverage load = new LoadAverage();
        try (HookRecorder hook = HookRecorder.start()) {
            Path notifier =
                    Files.writeString(dir.resolve("notifier.yml"), tocsinRoute().formatted(hook.url("tocsin")));
            // made once everything runs: its windows fill for a whole minute before the first breach
            java.util.concurrent.atomic.AtomicReference<Scenario> current =
                    new java.util.concurrent.atomic.AtomicReference<>();
            HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            exporter.createContext("/metrics", ex -> {
                Scenario scenario = current.get();
                byte[] body = (scenario == null ? "" : scenario.exposition()).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            exporter.start();
            try (EmbeddedBroker broker =
                            EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()));
                    Tocsin tocsin = Tocsin.start(new TocsinOptions(
                            broker.bootstrap(),
                            dir.resolve("state"),
                            rules,
                            notifier,
                            0,
                            0,
                            0,
                            1,
                            "bench-",
                            TopologySettings.DEFAULTS,
                            Map.of()));
                    RealAlertmanager am = RealAlertmanager.start(ROUTE.formatted(hook.url("prom")), dir.resolve("am"));
                    RealPrometheus prom = RealPrometheus.start(
                            dir.resolve("prom"),
                            port(),
                            "127.0.0.1:" + exporter.getAddress().getPort(),
                            am.url.substring("http://".length()),
                            PROM_RULES);
                    AlertsTap tap = new AlertsTap(broker.bootstrap());
                    DecisionsTap decided = new DecisionsTap(broker.bootstrap());
                    RepartitionTap parts = new RepartitionTap(broker.bootstrap(), "bench-");
                    AutoCloseable pulse = io.tocsin.tests.bench.StreamsPulse.startIfAsked();
                    BackgroundLoad bg = BackgroundLoad.start(tocsin.ingestUrl(), background)) {
                Scenario scenario = new Scenario(instances, System.currentTimeMillis() + 65_000, 1_700, 75_000);
                current.set(scenario);
                HttpClient http = HttpClient.newHttpClient();
                URI samples = URI.create(tocsin.ingestUrl() + "/v1/samples");
                ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
                List<Long> postMs = Collections.synchronizedList(new ArrayList<>());
                ticker.scheduleAtFixedRate(
                        () -> {
                            long ts = System.currentTimeMillis();
                            scenario.tick(ts);
                            try {
                                HttpResponse<String> r = http.send(
                                        HttpRequest.newBuilder(samples)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(scenario.samplesJson()))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() != 200) {
                                    System.err.println("ingest answered " + r.statusCode() + ": " + r.body());
                                }
                            } catch (Exception e) {
                                System.err.println("POST failed: " + e);
                            }
                            postMs.add(System.currentTimeMillis() - ts);
                            load.sample();
                        },
                        0,
                        1,
                        TimeUnit.SECONDS);
                long end = scenario.lastRecoveryMs() + WINDOW_MS + 15_000;
                System.out.printf(
                        "scenario: %d instances, breaches from %s, run ends in %d s; background %d samples/s;"
                                + " Tocsin's resolve_wait %s%n",
                        instances,
                        java.time.Instant.ofEpochMilli(scenario.breachStartMs),
                        (end - System.currentTimeMillis()) / 1000,
                        background,
                        RESOLVE_WAIT == null ? "unset (resolves at the group's next tick)" : RESOLVE_WAIT);
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(1_000);
                }
                ticker.shutdownNow();
                report(scenario, hook, tap, decided, parts, load, postMs, bg);
            } finally {
                exporter.stop(0);
            }
        }
        System.exit(0);
    }

    /** Tocsin's hops, in the order an alert passes them. */
    /**
     * The rules' part of a windowed alert, from {@link RepartitionTap}: the push's arrival (its
     * judgement time) → its parts for the group readable on the repartition topic (stage 1's
     * commit) | → the progress that makes it whole readable | → the alert readable (stage 2).
     */
    static final String[] RULE_HOPS = {"judged→parts", "judged→whole", "whole→readable"};

    static final String[] HOPS = {"math→judged", "judged→readable", "readable→due", "due→decided", "decided→hook"};

    private static void report(
            Scenario s,
            HookRecorder hook,
            AlertsTap tap,
            DecisionsTap decided,
            RepartitionTap parts,
            LoadAverage load,
            List<Long> postMs,
            BackgroundLoad bg) {
        System.out.printf(
                "load average over the run: %s; POST /v1/samples median %d ms; background sent %s; webhook got %s%n",
                load, median(new ArrayList<>(postMs)), bg.sent(), hook.counts());
        System.out.println("kind        status    system  n   breach→hook median/p99   late vs window math median/p99");
        System.out.println(
                "  Tocsin hops, median / p99 / the slowest alert's: " + String.join(" | ", HOPS)
                        + " (judged: startsAt/endsAt; readable: on tocsin.alerts.v1; due: the notifier's flush moment,"
                        + " its group_interval tick or resolve_wait; decided: the decision readable on tocsin.notifications.v1)");
        for (String kind : KINDS) {
            for (String status : new String[] {"firing", "resolved"}) {
                for (String system : new String[] {"tocsin", "prom"}) {
                    List<Long> fromBreach = new ArrayList<>();
                    List<Long> fromMath = new ArrayList<>();
                    List<long[]> hops = new ArrayList<>();
                    List<long[]> ruleHops = new ArrayList<>();
                    long slowest = Long.MIN_VALUE;
                    long[] slowestHops = null;
                    int missing = 0;
                    int repeated = 0;
                    for (int i = 0; i < s.instances; i++) {
                        boolean firing = status.equals("firing");
                        long change = s.firstTickAtOrAfter(i, firing ? s.breachOf(i) : s.breachOf(i) + s.breachMs);
                        long math = windowMath(kind, s.ticksOf(i), change, firing);
                        HookRecorder.Key key = new HookRecorder.Key(system, kind, Scenario.instance(i), status);
                        HookRecorder.Arrival a = hook.first(key);
                        repeated += Math.max(0, hook.count(key) - 1);
                        if (a == null || change < 0 || math < 0) {
                            missing++;
                            continue;
                        }
                        fromBreach.add(a.atMs() - change);
                        fromMath.add(a.atMs() - math);
                        AlertsTap.Seen seen = tap.first(key);
                        DecisionsTap.Decided d = decided.first(key);
                        if (system.equals("tocsin") && seen != null && d != null) {
                            long[] h = {
                                a.judgedMs() - math,
                                seen.readMs() - a.judgedMs(),
                                d.dueMs() - seen.readMs(),
                                d.readMs() - d.dueMs(),
                                a.atMs() - d.readMs()
                            };
                            hops.add(h);
                            RepartitionTap.Seen p = parts.parts(kind, Scenario.instance(i), a.judgedMs());
                            long whole = parts.wholeMs(a.judgedMs());
                            if (p != null && whole >= 0) {
                                ruleHops.add(new long[] {
                                    p.lastMs() - a.judgedMs(),
                                    whole - a.judgedMs(),
                                    seen.readMs() - Math.max(p.lastMs(), whole)
                                });
                            }
                            if (a.atMs() - math > slowest) {
                                slowest = a.atMs() - math;
                                slowestHops = h;
                            }
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%-11s %-9s %-7s %-3d %7d / %-7d ms          %7d / %-7d ms%s%n",
                            kind,
                            status,
                            system,
                            fromBreach.size(),
                            median(fromBreach),
                            p99(fromBreach),
                            median(fromMath),
                            p99(fromMath),
                            (missing > 0 ? "  (" + missing + " not notified)" : "")
                                    + (repeated > 0 ? "  (" + repeated + " repeated: a flap or a resend)" : ""));
                    if (!hops.isEmpty()) {
                        System.out.println("  hops " + hopsLine(hops, slowestHops));
                    }
                    if (!ruleHops.isEmpty()) {
                        System.out.println("  rules " + splitLine(ruleHops));
                    }
                }
            }
        }
    }

    /** Stage 1 and stage 2's parts of judged→readable, each as median / p99. */
    static String splitLine(List<long[]> hops) {
        List<String> parts = new ArrayList<>();
        for (int h = 0; h < RULE_HOPS.length; h++) {
            List<Long> xs = new ArrayList<>();
            for (long[] one : hops) {
                xs.add(one[h]);
            }
            parts.add(RULE_HOPS[h] + " " + median(xs) + " / " + p99(xs));
        }
        return String.join(" | ", parts);
    }

    /** Each hop as median / p99 / the slowest alert's own, so that the tail can be placed. */
    static String hopsLine(List<long[]> hops, long[] slowest) {
        List<String> parts = new ArrayList<>();
        for (int h = 0; h < HOPS.length; h++) {
            List<Long> xs = new ArrayList<>();
            for (long[] one : hops) {
                xs.add(one[h]);
            }
            parts.add(median(xs) + " / " + p99(xs) + " / " + slowest[h]);
        }
        return String.join(" | ", parts);
    }

    /** The reference moment: the breach tick itself for a gauge, the window math for a windowed rule. */
    static long windowMath(String kind, List<WindowMath.Tick> ticks, long change, boolean firing) {
        WindowMath.Expression e;
        Predicate<Double> holds;
        switch (kind) {
            case "LagHigh" -> {
                e = WindowMath.last(WindowMath.Tick::lag);
                holds = v -> v > 30;
            }
            case "DbDown" -> {
                e = WindowMath.last(WindowMath.Tick::health);
                holds = v -> v == 0;
            }
            case "ErrorRatio" -> {
                e = WindowMath.errorRatio(WINDOW_MS);
                holds = v -> v > 0.01;
            }
            case "P95High" -> {
                e = WindowMath.quantile(0.95, WINDOW_MS);
                holds = v -> v > 1;
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return WindowMath.firstTime(ticks, e, WINDOW_MS, change, firing ? holds : holds.negate());
    }

    static long median(List<Long> xs) {
        if (xs.isEmpty()) {
            return -1;
        }
        Collections.sort(xs);
        return xs.get(xs.size() / 2);
    }

    /** The nearest-rank 99th percentile: with a dozen values, the largest. */
    static long p99(List<Long> xs) {
        if (xs.isEmpty()) {
            return -1;
        }
        Collections.sort(xs);
        return xs.get((int) Math.ceil(0.99 * xs.size()) - 1);
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
