package io.tocsin.tests.selfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.selfmon.SelfScrape;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.Http;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard in deploy/grafana asks only for metrics the services export: the real
 * services on a real broker get a little traffic (accepted and refused writes, a rule firing, a
 * webhook delivery and one to a URL that answers 404, which is dead-lettered), then every metric name in every panel's PromQL must appear in their /metrics.
 */
@ExtendWith(KafkaBroker.class)
class DashboardMetricsIT {
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "tocsin.json");

    private static Vertx vertx;
    private static FakeWebhook hook;
    private static Tocsin tocsin;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        hook = FakeWebhook.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("probe.rules.yml"), """
                groups:
                  - name: probe
                    rules:
                      - alert: ProbeHigh
                        select: 'probe_value'
                        aggregate: max
                        window: 5s
                        condition: '> 1'
                """);
        Path notifier = dir.resolve("notifier.yml");
        Files.writeString(notifier, """
                route:
                  receiver: hook
                  routes:
                    - receiver: gone
                      continue: true
                    - receiver: hook
                receivers:
                  - name: hook
                    webhook_configs: [{url_env: IT_HOOK_URL}]
                  - name: gone
                    webhook_configs: [{url_env: IT_GONE_URL}]
                """);
        tocsin = Tocsin.start(new TocsinOptions(
                KafkaBroker.bootstrap(),
                dir.resolve("state"),
                rules,
                notifier,
                0,
                0,
                0,
                1,
                "dash-" + UUID.randomUUID().toString().substring(0, 8) + "-",
                TopologySettings.DEFAULTS,
                Map.of("IT_HOOK_URL", hook.url(), "IT_GONE_URL", hook.baseUrl() + "/gone")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tocsin != null) {
            tocsin.close();
        }
        if (hook != null) {
            hook.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void everyMetricTheDashboardQueriesIsExportedByTheServices() throws Exception {
        List<String> exprs = expressions(new JsonObject(Files.readString(DASHBOARD)));
        assertTrue(exprs.size() >= 15, "the dashboard's queries: " + exprs);
        Set<String> wanted = new TreeSet<>();
        exprs.forEach(e -> wanted.addAll(PromQlNames.of(e)));

        assertEquals(
                400,
                Http.post(tocsin.ingestUrl() + "/v1/samples", "{\"samples\":[{\"name\":\"bad name\"}]}")
                        .statusCode());
        assertEquals(200, Http.post(tocsin.ingestUrl() + "/v1/samples", """
                        {"samples":[{"name":"probe_value","labels":{"instance":"a"},"value":5}]}
                        """).statusCode());
        Eventually.await(
                Duration.ofSeconds(60),
                "the rule's notification at the webhook",
                () -> hook.received().isEmpty() ? null : true);

        Set<String> missing = Eventually.await(
                Duration.ofSeconds(30), Duration.ofSeconds(1), "every dashboard metric in /metrics", () -> {
                    Set<String> exported = new TreeSet<>();
                    for (String url : List.of(tocsin.ingestUrl(), tocsin.rulesUrl(), tocsin.notifierUrl())) {
                        exported.addAll(exportedNames(Http.get(url + "/metrics").body()));
                    }
                    Set<String> gone = new TreeSet<>(wanted);
                    gone.removeAll(exported);
                    return gone.isEmpty() ? gone : lastMissing(gone);
                });
        assertEquals(Set.of(), missing);
    }

    /**
     * What {@code ./tocsin up}'s self-scrape asks /metrics for (the names the rules select) loses
     * nothing the tocsin-self pack reads: every one of its metrics that the full /metrics has, the
     * asked answer has too, counters by their {@code _total} name, and nothing else.
     */
    @Test
    void theSelfScrapeQuestionAnswersEveryMetricTheSelfPackSelects() throws Exception {
        RuleLoader.Loaded pack = RuleLoader.load(Path.of("..", "rules-examples", "tocsin-self"));
        assertTrue(pack.ok(), pack.errors().toString());
        SortedSet<String> selected = SelfScrape.selected(pack.rules());
        String metrics = tocsin.ingestUrl() + "/metrics";
        Set<String> expected = Eventually.await(
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                "the pack's gauge, counter and Kafka lag in /metrics",
                () -> {
                    Set<String> in =
                            new TreeSet<>(exportedNames(Http.get(metrics).body()));
                    in.retainAll(selected);
                    return in.containsAll(Set.of(
                                    "tocsin_rules_last_reload_ok",
                                    "tocsin_ingest_requests_rejected_total",
                                    "kafka_consumer_fetch_manager_records_lag_max"))
                            ? in
                            : null;
                });
        Set<String> asked =
                exportedNames(Http.get(metrics + SelfScrape.query(selected)).body());
        assertEquals(expected, asked);
    }

    private static Set<String> last = Set.of();

    /** Keeps polling while something is missing, remembering what, so a timeout can name it. */
    private static Set<String> lastMissing(Set<String> gone) {
        if (!gone.equals(last)) {
            System.out.println("dashboard metrics not exported (yet): " + gone);
        }
        last = gone;
        return null;
    }

    static List<String> expressions(JsonObject dashboard) {
        List<String> out = new ArrayList<>();
        collect(dashboard.getJsonArray("panels", new JsonArray()), out);
        return out;
    }

    private static void collect(JsonArray panels, List<String> out) {
        for (Object p : panels) {
            JsonObject panel = (JsonObject) p;
            for (Object t : panel.getJsonArray("targets", new JsonArray())) {
                out.add(((JsonObject) t).getString("expr"));
            }
            collect(panel.getJsonArray("panels", new JsonArray()), out);
        }
    }

    /** Sample names of a Prometheus text exposition: histograms appear as their _bucket/_sum/_count lines. */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
