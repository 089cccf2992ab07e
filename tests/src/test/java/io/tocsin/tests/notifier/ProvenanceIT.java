package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Fingerprint;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Provenance through the real broker: alerts posted to /api/v2/alerts — one delivered to a
 * webhook, one silenced, one inhibited, one muted by a time interval — each leave their chain of
 * decisions in GET /api/v1/alerts/{fp}/history, and GET /api/v1/why explains a label set that
 * does not fire yet.
 */
@ExtendWith(KafkaBroker.class)
class ProvenanceIT {
    private static final String CONFIG = """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 3s
              resolve_wait: 1s
              routes:
                - receiver: night
                  matchers: ['team="night"']
                  mute_time_intervals: [always]
            receivers:
              - name: hook
                webhook_configs:
                  - url: '%s'
              - name: night
                webhook_configs:
                  - url: '%s'
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [instance]
            time_intervals:
              - name: always
                time_intervals:
                  - weekdays: ['sunday:saturday']
            """;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Vertx vertx;
    private static FakeWebhook hook;
    private static NotifierOnBroker notifier;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        hook = FakeWebhook.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-provenance-" + UUID.randomUUID()));
        notifier = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                CONFIG.formatted(hook.url(), hook.url()),
                Map.of(),
                dir,
                "it-prov-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (hook != null) {
            hook.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static JsonObject alert(String... labels) {
        JsonObject l = new JsonObject();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return new JsonObject()
                .put("labels", l)
                .put("startsAt", Instant.now().minusSeconds(30).toString())
                .put("endsAt", Instant.now().plusSeconds(600).toString());
    }

    private static String fp(String... labels) {
        return Fingerprint.of(Labels.of(labels));
    }

    private static String silence(String name, String value) {
        HttpResponse<String> r = post(
                notifier.url + "/api/v2/silences",
                new JsonObject()
                        .put(
                                "matchers",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", name)
                                                .put("value", value)
                                                .put("isRegex", false)
                                                .put("isEqual", true)))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(3600).toString())
                        .put("createdBy", "ana")
                        .put("comment", "maintenance")
                        .encode());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("silenceID");
    }

    /** The history once it holds an event of each kind, or null (to wait). */
    private static JsonObject historyWith(String fingerprint, String... kinds) {
        HttpResponse<String> r = get(notifier.url + "/api/v1/alerts/" + fingerprint + "/history");
        if (r.statusCode() != 200) {
            return null;
        }
        JsonObject h = new JsonObject(r.body());
        List<String> have = h.getJsonArray("events").stream()
                .map(e -> ((JsonObject) e).getString("kind"))
                .toList();
        return have.containsAll(List.of(kinds)) ? h : null;
    }

    private static JsonObject event(JsonObject history, String kind) {
        return history.getJsonArray("events").stream()
                .map(e -> (JsonObject) e)
                .filter(e -> kind.equals(e.getString("kind")))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void everyAlertLeavesItsDecisionsAndWhyExplainsALabelSetThatIsNotFiringYet() {
        String silenceId = silence("instance", "quiet-1");
        JsonArray batch = new JsonArray()
                .add(alert("alertname", "ProvDelivered", "instance", "web-1"))
                .add(alert("alertname", "ProvSilenced", "instance", "quiet-1"))
                .add(alert("alertname", "ProvDown", "instance", "db-1", "severity", "critical"))
                .add(alert("alertname", "ProvSlow", "instance", "db-1", "severity", "warning"))
                .add(alert("alertname", "ProvNightly", "instance", "batch-1", "team", "night"));
        HttpResponse<String> posted = post(notifier.url + "/api/v2/alerts", batch.encode());
        assertEquals(200, posted.statusCode(), posted.body());

        String delivered = fp("alertname", "ProvDelivered", "instance", "web-1");
        JsonObject h = await(
                WAIT,
                "fired, routed, notified and delivery",
                () -> historyWith(delivered, "fired", "routed", "notified", "delivery"));
        assertEquals("web-1", h.getJsonObject("labels").getString("instance"));
        assertEquals("hook", event(h, "routed").getJsonObject("detail").getString("receiver"));
        JsonObject delivery = event(h, "delivery").getJsonObject("detail");
        assertEquals("ok", delivery.getString("outcome"), delivery.encode());
        assertEquals(200, delivery.getInteger("httpStatus"));
        assertTrue(delivery.getLong("latencyMs") >= 0, delivery.encode());
        assertEquals(
                event(h, "notified").getJsonObject("detail").getString("decisionId"),
                delivery.getString("decisionId"),
                "the attempt names the decision it delivered");
        assertTrue(h.getJsonArray("events").getJsonObject(0).getString("at").matches(".*\\.\\d{3}Z"), h.encode());

        JsonObject silenced = await(
                WAIT,
                "the silence",
                () -> historyWith(
                        fp("alertname", "ProvSilenced", "instance", "quiet-1"), "fired", "routed", "silenced"));
        assertEquals(
                silenceId, event(silenced, "silenced").getJsonObject("detail").getString("silenceId"));

        String source = fp("alertname", "ProvDown", "instance", "db-1", "severity", "critical");
        JsonObject inhibited = await(
                WAIT,
                "the inhibition",
                () -> historyWith(
                        fp("alertname", "ProvSlow", "instance", "db-1", "severity", "warning"), "fired", "inhibited"));
        assertEquals(
                source, event(inhibited, "inhibited").getJsonObject("detail").getString("sourceFingerprint"));

        JsonObject muted = await(
                WAIT,
                "the time interval",
                () -> historyWith(
                        fp("alertname", "ProvNightly", "instance", "batch-1", "team", "night"),
                        "fired",
                        "routed",
                        "muted"));
        assertEquals("always", event(muted, "muted").getJsonObject("detail").getString("timeInterval"));
        assertEquals("night", event(muted, "routed").getJsonObject("detail").getString("receiver"));
        for (JsonObject mutedOne : List.of(silenced, inhibited, muted)) {
            assertTrue(
                    mutedOne.getJsonArray("events").stream()
                            .noneMatch(e -> "notified".equals(((JsonObject) e).getString("kind"))),
                    mutedOne.encode());
        }

        String match = URLEncoder.encode("{alertname=\"NotYet\",instance=\"quiet-1\"}", StandardCharsets.UTF_8);
        HttpResponse<String> why = get(notifier.url + "/api/v1/why?match=" + match);
        assertEquals(200, why.statusCode(), why.body());
        JsonObject w = new JsonObject(why.body());
        assertEquals("silenced", w.getString("verdict"), w.encode());
        assertEquals(silenceId, w.getJsonArray("silencedBy").getJsonObject(0).getString("id"));
        assertEquals(fp("alertname", "NotYet", "instance", "quiet-1"), w.getString("fingerprint"));
        JsonArray routes = w.getJsonArray("routes");
        assertEquals("0", routes.getJsonObject(0).getString("path"));
        assertTrue(routes.getJsonObject(0).getBoolean("selected"), routes.encode());
        assertEquals(
                false, routes.getJsonObject(1).getBoolean("matched"), "the night route was tried and did not match");
        assertTrue(w.getString("summary").contains(silenceId), w.getString("summary"));
        assertEquals(null, w.getValue("alert"), "it never fired");

        JsonObject whyFired = new JsonObject(
                get(notifier.url + "/api/v1/why?fingerprint=" + delivered).body());
        assertEquals("notify", whyFired.getString("verdict"), whyFired.encode());
        assertEquals("firing", whyFired.getJsonObject("alert").getString("status"));
        assertEquals(List.of("hook"), whyFired.getJsonArray("receivers").getList());

        assertEquals(
                400,
                get(notifier.url + "/api/v1/why?match=" + URLEncoder.encode("{a=~\"x\"}", StandardCharsets.UTF_8))
                        .statusCode());
        assertEquals(
                400,
                get(notifier.url + "/api/v1/why?match=" + match + "&at=yesterday")
                        .statusCode());
        HttpResponse<String> unknown = get(notifier.url + "/api/v1/alerts/0123456789abcdef/history");
        assertEquals(404, unknown.statusCode());
        assertTrue(new JsonObject(unknown.body()).containsKey("error"), unknown.body());
    }
}
