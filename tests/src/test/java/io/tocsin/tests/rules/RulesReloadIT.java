package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hot reload of the running rules service: a bad change is refused with its reason, a good one applies. */
@ExtendWith(KafkaBroker.class)
class RulesReloadIT {
    private static final String RULES = """
            groups:
              - name: reload-it
                rules:
                  - alert: ItReloadHot
                    select: 'it_reload_temp'
                    aggregate: max
                    window: 5s
                    condition: '> 50'
            """;

    @Test
    void aBadChangeIsRefusedWithItsReasonAndTheOldRulesKeepRunningThenAGoodOneApplies() throws Exception {
        try (RulesHarness h = new RulesHarness(RULES)) {
            h.startRules("state");
            Files.writeString(h.rulesFile(), RULES.replace("aggregate: max", "aggregate: maximum"));
            HttpResponse<String> refused = reload(h);
            assertEquals(400, refused.statusCode(), refused.body());
            JsonObject body = new JsonObject(refused.body());
            assertEquals(false, body.getBoolean("applied"));
            assertTrue(
                    body.getJsonArray("errors").getString(0).contains("it.rules.yml:6:20: unknown aggregate 'maximum'"),
                    refused.body());

            // a breach every 200 ms: a single sample could leave the 5 s window before Streams is running
            Alert fired = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (fired == null && System.nanoTime() < deadline) {
                h.send("it_reload_temp", SampleKind.GAUGE, 60);
                h.flush();
                RulesHarness.sleep(200);
                fired = h.alerts("ItReloadHot").stream()
                        .filter(a -> a.state() == AlertState.FIRING)
                        .findFirst()
                        .orElse(null);
            }
            assertTrue(fired != null, "the old rule is still running");
            assertEquals(60, fired.value());

            Files.writeString(h.rulesFile(), RULES.replace("> 50", "> 70"));
            HttpResponse<String> applied = reload(h);
            assertEquals(200, applied.statusCode(), applied.body());
            // The 2 s directory check may apply the edit before the POST does; the POST then finds the
            // running rule already equal to the file. Either way the rule must be listed, never dropped.
            JsonObject outcome = new JsonObject(applied.body());
            assertTrue(
                    outcome.getJsonArray("changed").contains("reload-it/ItReloadHot")
                            || (outcome.getJsonArray("changed").isEmpty() && outcome.getInteger("unchanged") == 1),
                    applied.body());
            h.await(
                    Duration.ofSeconds(30),
                    "the changed rule resolving what the old one fired",
                    a -> "ItReloadHot".equals(a.labels().get("alertname")) && a.state() == AlertState.RESOLVED);
        }
    }

    @Test
    void hostileYamlIsA400WithOneLineTheGaugeSaysSoAndTheOldRulesStay() throws Exception {
        try (RulesHarness h = new RulesHarness(RULES)) {
            h.startRules("state");
            // 2^40 nodes once expanded, with only 80 aliases: a "billion laughs" rule file.
            StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
            for (int i = 1; i < 40; i++) {
                bomb.append("a")
                        .append(i)
                        .append(": &a")
                        .append(i)
                        .append(" [*a")
                        .append(i - 1)
                        .append(", *a")
                        .append(i - 1)
                        .append("]\n");
            }
            Files.writeString(h.rulesFile(), bomb);
            HttpResponse<String> refused = reload(h);

            assertEquals(400, refused.statusCode(), refused.body());
            JsonObject body = new JsonObject(refused.body());
            assertEquals(1, body.getJsonArray("errors").size(), refused.body());
            assertTrue(
                    body.getJsonArray("errors")
                            .getString(0)
                            .matches(".*it\\.rules\\.yml:\\d+:\\d+: the document expands to more than \\d+ nodes.*"),
                    refused.body());
            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(h.rulesUrl() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(
                    metrics.lines().anyMatch(l -> l.startsWith("tocsin_rules_last_reload_ok") && l.endsWith(" 0.0")),
                    "the reload gauge reads 0");
            assertTrue(
                    metrics.lines().anyMatch(l -> l.startsWith("tocsin_rules_loaded") && l.endsWith(" 1.0")),
                    "the old rule keeps running");
        }
    }

    private static HttpResponse<String> reload(RulesHarness h) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(h.rulesUrl() + "/-/reload"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
