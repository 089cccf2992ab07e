package io.tocsin.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline on a real broker: a sample posted to ingest breaches a rule, the rules
 * topology fires, and the notifier delivers to a Slack fake that follows the Slack contract;
 * then the data recovers and the same receiver is told the alert resolved.
 */
@ExtendWith(KafkaBroker.class)
class PipelineIT {
    private static final String RULES = """
            groups:
              - name: shop
                rules:
                  - alert: CheckoutSlow
                    select: 'checkout_latency_seconds{env="prod"}'
                    aggregate: max
                    window: 5s
                    by: [instance]
                    condition: '> 1'
                    for: 0s
                    labels: {severity: warning}
                    annotations:
                      summary: 'Checkout on {{ $labels.instance }} took {{ $value }}s'
            """;

    private static Vertx vertx;
    private static FakeSlack slack;
    private static Tocsin tocsin;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        slack = FakeSlack.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shop.rules.yml"), RULES);
        Path notifier = dir.resolve("notifier.yml");
        Files.writeString(notifier, """
                route:
                  receiver: console
                  group_interval: 2s
                  routes:
                    - receiver: team-slack
                      matchers: ['alertname="CheckoutSlow"', 'severity=~"warning|critical"']
                      continue: true
                receivers:
                  - name: console
                    console_configs: [{}]
                  - name: team-slack
                    slack_configs:
                      - api_url_env: IT_SLACK_WEBHOOK
                """);
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        tocsin = Tocsin.start(new TocsinOptions(
                KafkaBroker.bootstrap(),
                dir.resolve("state"),
                rules,
                notifier,
                0,
                0,
                0,
                1,
                id,
                TopologySettings.DEFAULTS,
                Map.of("IT_SLACK_WEBHOOK", slack.webhookUrl())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tocsin != null) {
            tocsin.close();
        }
        if (slack != null) {
            slack.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aBreachingSampleReachesSlackAsFiringAndLaterAsResolved() {
        HttpResponse<String> posted = Http.post(tocsin.ingestUrl() + "/v1/samples", """
                {"samples":[{"name":"checkout_latency_seconds","labels":{"env":"prod","instance":"web-1"},"value":2.5}]}
                """);
        assertEquals(200, posted.statusCode(), posted.body());

        JsonObject firing = Eventually.await(
                Duration.ofSeconds(30), "the firing message in Slack", () -> message("FIRING", "web-1"));
        assertTrue(firing.getString("text").contains("CheckoutSlow"), firing.encode());

        // No more data: once the slow sample leaves the 5 s window the alert resolves by the clock.
        JsonObject resolved = Eventually.await(
                Duration.ofSeconds(30), "the resolved message in Slack", () -> message("RESOLVED", "web-1"));
        assertTrue(resolved.getString("text").contains("CheckoutSlow"), resolved.encode());
        assertEquals(
                1,
                slack.received().stream()
                        .filter(m -> m.encode().contains("FIRING")
                                && m.encode().contains("CheckoutSlow")
                                && m.encode().contains("web-1"))
                        .count(),
                "exactly one firing message");
    }

    @Test
    void aSampleUnderTheThresholdPagesNobody() throws Exception {
        Http.post(tocsin.ingestUrl() + "/v1/samples", """
                {"samples":[{"name":"checkout_latency_seconds","labels":{"env":"prod","instance":"web-calm"},"value":0.2}]}
                """);
        // A breach posted after it is delivered first-in: if the calm one had fired, it would be there too.
        Http.post(tocsin.ingestUrl() + "/v1/samples", """
                {"samples":[{"name":"checkout_latency_seconds","labels":{"env":"prod","instance":"web-marker"},"value":9}]}
                """);
        Eventually.await(Duration.ofSeconds(30), "the marker alert", () -> message("FIRING", "web-marker"));
        assertEquals(null, message("FIRING", "web-calm"));
    }

    @Test
    void badInputIsRefusedWithTheReasonAndNothingIsWritten() {
        HttpResponse<String> r = Http.post(tocsin.ingestUrl() + "/v1/samples", """
                {"samples":[{"name":"ok_metric","value":1},{"name":"bad metric","value":1}]}
                """);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("samples[1]"), r.body());

        HttpResponse<String> tooBig =
                Http.post(tocsin.ingestUrl() + "/v1/samples", "[" + "1,".repeat(3_000_000) + "1]");
        assertEquals(413, tooBig.statusCode());
    }

    @Test
    void everyServiceReportsHealthAndPrometheusMetrics() {
        for (String url : new String[] {tocsin.ingestUrl(), tocsin.rulesUrl(), tocsin.notifierUrl()}) {
            HttpResponse<String> health = Eventually.await(Duration.ofSeconds(30), "ready " + url, () -> {
                HttpResponse<String> h = Http.get(url + "/health");
                return h.statusCode() == 200 ? h : null;
            });
            assertTrue(health.body().contains("\"UP\""), health.body());
            String metrics = Http.get(url + "/metrics").body();
            assertTrue(metrics.contains("kafka_"), "Kafka client metrics on " + url);
            assertTrue(metrics.contains("vertx_http_server"), "Vert.x metrics on " + url);
        }
    }

    private static JsonObject message(String status, String instance) {
        return slack.received().stream()
                .filter(m -> m.encode().contains(status)
                        && m.encode().contains("CheckoutSlow")
                        && m.encode().contains(instance))
                .findFirst()
                .orElse(null);
    }
}
