package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.delete;
import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
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
 * Prometheus' side of Alertmanager API v2 against a real broker: alerts posted the way
 * Prometheus posts them reach Slack as one grouped message; a silence made through the API mutes
 * a new alert; a receiver told "firing" hears "resolved" through a silence; expiring the silence
 * lets the muted alert through.
 */
@ExtendWith(KafkaBroker.class)
class AlertmanagerApiIT {
    private static final String CONFIG = """
            route:
              receiver: api-others
              routes:
                - matchers: ['alertname="NodeDown"']
                  receiver: api-slack
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 3s
                  resolve_wait: 1s
            receivers:
              - name: api-others
              - name: api-slack
                slack_configs:
                  - api_url_env: TEAM_SLACK
            """;

    private static Vertx vertx;
    private static FakeSlack slack;
    private static NotifierOnBroker notifier;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        slack = FakeSlack.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-api-" + UUID.randomUUID()));
        notifier = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                CONFIG,
                Map.of("TEAM_SLACK", slack.webhookUrl()),
                dir,
                "it-api-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (slack != null) {
            slack.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** The body Prometheus posts: firing alerts carry endsAt = now + 4 × resend delay. */
    private static String alerts(String alertname, Instant endsAt, String... instances) {
        JsonArray out = new JsonArray();
        for (String i : instances) {
            out.add(new JsonObject()
                    .put(
                            "labels",
                            new JsonObject()
                                    .put("alertname", alertname)
                                    .put("instance", i)
                                    .put("job", "node"))
                    .put("annotations", new JsonObject().put("summary", alertname + " on " + i))
                    .put("startsAt", Instant.now().minusSeconds(60).toString())
                    .put("endsAt", endsAt.toString())
                    .put("generatorURL", "http://prometheus:9090/graph"));
        }
        return out.encode();
    }

    private static List<JsonObject> messagesAbout(String text) {
        return slack.received().stream().filter(m -> m.encode().contains(text)).toList();
    }

    private static String silence(String matcherName, String value, boolean regex) {
        HttpResponse<String> r = post(
                notifier.url + "/api/v2/silences",
                new JsonObject()
                        .put(
                                "matchers",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", matcherName)
                                                .put("value", value)
                                                .put("isRegex", regex)
                                                .put("isEqual", true)))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(3600).toString())
                        .put("createdBy", "it")
                        .put("comment", "maintenance")
                        .encode());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("silenceID");
    }

    @Test
    void prometheusAlertsAreGroupedSilencedAndResolvedThroughTheApi() {
        Instant later = Instant.now().plusSeconds(240);
        HttpResponse<String> posted =
                post(notifier.url + "/api/v2/alerts", alerts("NodeDown", later, "n-1", "n-2", "n-3"));
        assertEquals(200, posted.statusCode(), posted.body());

        JsonObject grouped = await(
                Duration.ofSeconds(30),
                "one grouped Slack message",
                () -> messagesAbout("NodeDown").stream().findFirst().orElse(null));
        String text = grouped.encode();
        assertTrue(text.contains("n-1") && text.contains("n-2") && text.contains("n-3"), text);
        assertTrue(text.contains("FIRING:3"), text);

        JsonArray listed = await(Duration.ofSeconds(10), "three alerts listed", () -> {
            JsonArray a = new JsonArray(get(notifier.url + "/api/v2/alerts?filter=alertname%3D%22NodeDown%22")
                    .body());
            return a.size() == 3 ? a : null;
        });
        assertEquals(
                "api-slack",
                listed.getJsonObject(0)
                        .getJsonArray("receivers")
                        .getJsonObject(0)
                        .getString("name"));
        assertEquals("active", listed.getJsonObject(0).getJsonObject("status").getString("state"));
        JsonArray groups =
                new JsonArray(get(notifier.url + "/api/v2/alerts/groups").body());
        assertEquals(
                1,
                groups.stream()
                        .filter(g -> ((JsonObject) g).encode().contains("NodeDown"))
                        .count());

        // A silence through the API mutes a new alert, and the API shows it suppressed.
        String quiet = silence("instance", "n-4", false);
        JsonArray silences =
                new JsonArray(get(notifier.url + "/api/v2/silences").body());
        assertTrue(
                silences.encode().contains(quiet) && silences.encode().contains("\"state\":\"active\""),
                silences.encode());
        post(notifier.url + "/api/v2/alerts", alerts("NodeDown", later, "n-4"));
        // A silence for n-1, told firing: its resolve must still be told.
        silence("instance", "n-[1]", true);
        post(notifier.url + "/api/v2/alerts", alerts("NodeDown", Instant.now().minusSeconds(1), "n-1", "n-2", "n-3"));
        JsonObject resolved = await(
                Duration.ofSeconds(30),
                "n-1 resolved despite its silence",
                () -> slack.received().stream()
                        .filter(m -> m.encode().contains("n-1") && m.encode().contains("RESOLVED"))
                        .findFirst()
                        .orElse(null));
        assertTrue(!resolved.encode().contains("n-4"), "the silenced alert is not told: " + resolved.encode());
        JsonObject n4 = await(Duration.ofSeconds(10), "n-4 listed as suppressed", () -> {
            JsonArray a = new JsonArray(get(notifier.url + "/api/v2/alerts?filter=instance%3D%22n-4%22")
                    .body());
            return a.size() == 1 ? a.getJsonObject(0) : null;
        });
        assertEquals("suppressed", n4.getJsonObject("status").getString("state"));
        assertEquals(
                List.of(quiet),
                n4.getJsonObject("status").getJsonArray("silencedBy").getList());
        assertEquals(0, messagesAbout("n-4").size());
        // amtool's queries: `amtool alert query alertname=NodeDown` hides silenced alerts and sends
        // every flag; `amtool silence query instance=n-4` filters silences by their matchers.
        assertEquals(
                0,
                new JsonArray(get(notifier.url + "/api/v2/alerts?active=true&silenced=false&inhibited=false"
                                        + "&unprocessed=true&filter=alertname%3DNodeDown")
                                .body())
                        .size());
        JsonArray quietOnly = new JsonArray(get(notifier.url + "/api/v2/silences?filter=instance%3D%22n-4%22")
                .body());
        assertEquals(
                List.of(quiet),
                quietOnly.stream().map(o -> ((JsonObject) o).getString("id")).toList());
        assertEquals(
                400, get(notifier.url + "/api/v2/silences?filter=%22n-4%22").statusCode());

        // Expiring the silence lets the muted alert through within group_interval.
        assertEquals(200, delete(notifier.url + "/api/v2/silence/" + quiet).statusCode());
        await(
                Duration.ofSeconds(30),
                "n-4 told once its silence expired",
                () -> messagesAbout("n-4").stream().findFirst().orElse(null));
        JsonObject expired =
                new JsonObject(get(notifier.url + "/api/v2/silence/" + quiet).body());
        assertEquals("expired", expired.getJsonObject("status").getString("state"));
        assertEquals(
                1,
                slack.received().stream()
                        .filter(m -> m.encode().contains("FIRING:3"))
                        .count(),
                "the first state was told once");
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        HttpResponse<String> noLabels = post(notifier.url + "/api/v2/alerts", "[{\"annotations\":{}}]");
        assertEquals(400, noLabels.statusCode());
        assertTrue(noLabels.body().contains("alerts[0].labels"), noLabels.body());
        HttpResponse<String> matchAll = post(
                notifier.url + "/api/v2/silences",
                new JsonObject()
                        .put(
                                "matchers",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "alertname")
                                                .put("value", ".*")
                                                .put("isRegex", true)))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(60).toString())
                        .put("createdBy", "it")
                        .put("comment", "oops")
                        .encode());
        assertEquals(400, matchAll.statusCode());
        assertTrue(matchAll.body().contains("must not match the empty string"), matchAll.body());
        assertEquals(404, get(notifier.url + "/api/v2/silence/nope").statusCode());
        JsonArray receivers =
                new JsonArray(get(notifier.url + "/api/v2/receivers").body());
        assertEquals(
                List.of("api-others", "api-slack"),
                receivers.stream().map(r -> ((JsonObject) r).getString("name")).toList());
        assertEquals(
                "ready",
                new JsonObject(get(notifier.url + "/api/v2/status").body())
                        .getJsonObject("cluster")
                        .getString("status"));
    }
}
