package io.tocsin.tests.notifier;

import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.ScriptedHook;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert posted the way {@code amtool alert add} posts it (no startsAt, no endsAt), then again
 * 2 s later, then resolved, then posted once more: the re-post is the same firing (first startsAt
 * kept, nothing sent), the post after the resolve is a new one. Played on the notifier alone, and
 * side by side with a real Alertmanager 0.25 when it is installed, comparing what each one's
 * webhook receiver got.
 */
@ExtendWith(KafkaBroker.class)
class RepostIT {
    private static final Logger log = LoggerFactory.getLogger(RepostIT.class);
    private static final String ROUTE = """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: '%s'
                    send_resolved: true
            """;
    /** What each receiver hears: the first firing, nothing for the re-post, the resolve, a new firing. */
    private static final List<String> STORY = List.of("firing", "resolved", "firing");

    private static Vertx vertx;
    private static ScriptedHook tocsinHook;
    private static NotifierOnBroker notifier;

    /** One system under test: where to post, and its receiver. */
    private record Target(String name, String url, ScriptedHook hook) {}

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        tocsinHook = ScriptedHook.start(vertx);
        String app = "it-repost-" + UUID.randomUUID().toString().substring(0, 8);
        notifier = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                ROUTE.formatted(tocsinHook.url()),
                Map.of(),
                Files.createDirectories(Path.of("target", app)),
                app);
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (tocsinHook != null) {
            tocsinHook.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aRepostIsTheSameFiringAndAPostAfterTheResolveIsANewOne() throws Exception {
        Target tocsin = new Target("tocsin", notifier.url, tocsinHook);
        Map<String, List<String>> told = play(List.of(tocsin), "RepostAlone");
        assertEquals(STORY, told.get("tocsin"));
    }

    @Test
    void alertmanagerAndTheNotifierTellTheirReceiversTheSameStory() throws Exception {
        assumeTrue(
                RealAlertmanager.installed(),
                RealAlertmanager.BINARY + " is not installed (Debian package "
                        + "prometheus-alertmanager): the side-by-side comparison with Alertmanager 0.25 is skipped");
        try (ScriptedHook amHook = ScriptedHook.start(vertx);
                RealAlertmanager am = RealAlertmanager.start(
                        ROUTE.formatted(amHook.url()),
                        Path.of(
                                "target",
                                "it-repost-am-" + UUID.randomUUID().toString().substring(0, 8)))) {
            Map<String, List<String>> told = play(
                    List.of(new Target("alertmanager", am.url, amHook), new Target("tocsin", notifier.url, tocsinHook)),
                    "RepostSideBySide");
            log.info("re-post, side by side: {}", told);
            assertEquals(STORY, told.get("alertmanager"), "Alertmanager's own behaviour, the reference");
            assertEquals(told.get("alertmanager"), told.get("tocsin"));
        }
    }

    /** Plays the scenario on every target at the same moments; returns the statuses each receiver got. */
    private static Map<String, List<String>> play(List<Target> targets, String alertname) throws Exception {
        targets.forEach(t -> postAlert(t, alertname, null));
        for (Target t : targets) {
            Eventually.await(
                    Duration.ofSeconds(30),
                    t.name() + ": first firing",
                    () -> t.hook().count(alertname, "firing") == 1 ? true : null);
        }
        List<String> firstStarts =
                targets.stream().map(t -> startsAt(t, alertname)).toList();

        Thread.sleep(2_000);
        targets.forEach(t -> postAlert(t, alertname, null)); // amtool alert add, again
        Thread.sleep(4_000); // four group_intervals: a second firing would be out by now
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            assertEquals(firstStarts.get(i), startsAt(t, alertname), t.name() + " keeps the first startsAt");
            assertEquals(1, t.hook().count(alertname, "firing"), t.name() + " sent nothing for the re-post");
        }

        targets.forEach(t -> postAlert(t, alertname, Instant.now().minusSeconds(1)));
        for (Target t : targets) {
            Eventually.await(
                    Duration.ofSeconds(30),
                    t.name() + ": the resolve",
                    () -> t.hook().count(alertname, "resolved") >= 1 ? true : null);
        }
        Thread.sleep(1_500);
        targets.forEach(t -> postAlert(t, alertname, null));
        for (Target t : targets) {
            Eventually.await(
                    Duration.ofSeconds(30),
                    t.name() + ": a new firing after the resolve",
                    () -> t.hook().count(alertname, "firing") == 2 ? true : null);
        }
        Thread.sleep(3_000); // anything more would show now
        Map<String, List<String>> told = new java.util.LinkedHashMap<>();
        for (Target t : targets) {
            List<ScriptedHook.Received> got = t.hook().received().stream()
                    .filter(r -> r.alertname().equals(alertname))
                    .toList();
            List<String> statuses = new ArrayList<>(
                    got.stream().map(ScriptedHook.Received::status).toList());
            told.put(t.name(), statuses);
            assertEquals(
                    false,
                    got.get(0).startsAt().equals(got.get(got.size() - 1).startsAt()),
                    t.name() + ": the firing after the resolve has a startsAt of its own");
        }
        return told;
    }

    /** As amtool posts: labels only, or labels and an endsAt to resolve; never a startsAt. */
    private static void postAlert(Target t, String alertname, Instant endsAt) {
        JsonObject alert = new JsonObject()
                .put("labels", new JsonObject().put("alertname", alertname).put("instance", "db-1"));
        if (endsAt != null) {
            alert.put("endsAt", endsAt.toString());
        }
        HttpResponse<String> r =
                post(t.url() + "/api/v2/alerts", new JsonArray().add(alert).encode());
        assertEquals(200, r.statusCode(), t.name() + ": " + r.body());
    }

    private static String startsAt(Target t, String alertname) {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        JsonArray alerts = Eventually.await(Duration.ofSeconds(10), t.name() + " lists " + alertname, () -> {
            JsonArray a = new JsonArray(
                    get(t.url() + "/api/v2/alerts?filter=" + filter).body());
            return a.isEmpty() ? null : a;
        });
        return Instant.parse(alerts.getJsonObject(0).getString("startsAt")).toString();
    }
}
