package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.config.ConfigSource;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.notifier.amdiff.RecordingWebhook;
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
 * {@code POST /-/reload} on a notifier running on the broker, as a config reloader calls
 * Alertmanager's: a good file changes the routing of the next alert and keeps the groups open
 * before it; a bad file is a 400 naming file:line:col, and the routing in force keeps working.
 */
@ExtendWith(KafkaBroker.class)
class NotifierReloadIT {
    private static final String FIRST = """
            route:
              receiver: first
              group_by: [alertname]
              group_wait: 0s
              group_interval: 1s
            receivers:
              - name: first
                webhook_configs: [{url: 'HOOK/first'}]
              - name: second
                webhook_configs: [{url: 'HOOK/second'}]
            """;
    private static final String SECOND = FIRST.replace("  receiver: first\n", "  receiver: second\n");
    /** Line 2, column 13: a receiver that does not exist. */
    private static final String BAD = FIRST.replace("  receiver: first\n", "  receiver: nobody\n");

    private static Vertx vertx;
    private static RecordingWebhook hook;
    private static Path file;
    private static NotifierOnBroker notifier;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        hook = RecordingWebhook.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-reload-" + UUID.randomUUID()));
        file = dir.resolve("notifier.yml");
        write(FIRST);
        notifier = NotifierOnBroker.startFrom(
                vertx,
                KafkaBroker.bootstrap(),
                ConfigSource.file(file, Map.of()),
                dir.resolve("state"),
                "it-reload-" + UUID.randomUUID().toString().substring(0, 8));
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

    private static void write(String yaml) throws Exception {
        Files.writeString(file, yaml.replace("HOOK", hook.url()));
    }

    private static void fire(String alertname, boolean resolved) {
        Instant now = Instant.now();
        JsonObject alert = new JsonObject()
                .put("labels", new JsonObject().put("alertname", alertname).put("instance", "db-1"))
                .put("startsAt", now.minusSeconds(5).toString());
        if (resolved) {
            alert.put("endsAt", now.toString());
        }
        assertEquals(
                200,
                post(notifier.url + "/api/v2/alerts", new JsonArray().add(alert).encode())
                        .statusCode());
    }

    /** The path and status of the first notification about {@code alertname} with that status. */
    private static RecordingWebhook.Arrival told(String alertname, String status) {
        return await(
                Duration.ofSeconds(30),
                alertname + " " + status,
                () -> hook.arrivals().stream()
                        .filter(a -> a.body().getString("status").equals(status)
                                && a.body().encode().contains("\"alertname\":\"" + alertname + "\""))
                        .findFirst()
                        .orElse(null));
    }

    private static String metric(String name) {
        return get(notifier.url + "/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .findFirst()
                .orElse("(no " + name + ")");
    }

    @Test
    void aGoodReloadRoutesTheNextAlertAnewAndABadOneLeavesTheRoutingInForce() throws Exception {
        fire("BeforeReload", false);
        RecordingWebhook.Arrival before = told("BeforeReload", "firing");
        assertEquals("/first", before.path());
        assertEquals(notifier.url, before.body().getString("externalURL"), "externalURL defaults to the notifier");
        String hashBefore = metric("tocsin_notifier_config_hash");

        write(SECOND);
        HttpResponse<String> good = post(notifier.url + "/-/reload", "");
        assertEquals(200, good.statusCode(), good.body());
        assertTrue(metric("tocsin_notifier_config_last_reload_successful").endsWith(" 1.0"));
        assertTrue(!metric("tocsin_notifier_config_hash").equals(hashBefore), "the hash changed");
        String original = new JsonObject(get(notifier.url + "/api/v2/status").body())
                .getJsonObject("config")
                .getString("original");
        assertTrue(original.contains("receiver: second"), original);

        fire("AfterReload", false);
        assertEquals("/second", told("AfterReload", "firing").path());
        // The group opened before the reload is kept: its resolve reaches the receiver told it fired.
        fire("BeforeReload", true);
        assertEquals("/first", told("BeforeReload", "resolved").path());

        write(BAD);
        HttpResponse<String> bad = post(notifier.url + "/-/reload", "");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains(file + ":2:13: "), bad.body());
        assertTrue(metric("tocsin_notifier_config_last_reload_successful").endsWith(" 0.0"));
        fire("AfterBadReload", false);
        assertEquals("/second", told("AfterBadReload", "firing").path());
        assertEquals(
                List.of(),
                hook.arrivals().stream()
                        .filter(a ->
                                a.path().equals("/first") && a.body().encode().contains("AfterBadReload"))
                        .toList());
    }
}
