package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two notifier instances of one application (an HA pair) share the groups through Kafka
 * partitions: every group has one owner, so each state is told exactly once.
 */
@ExtendWith(KafkaBroker.class)
class TwoNotifiersIT {
    private static final String CONFIG = """
            route:
              receiver: ha-others
              routes:
                - matchers: ['alertname="Ha"']
                  receiver: ha-team
                  group_by: ['...']
                  group_wait: 0s
                  resolve_wait: 0s
            receivers:
              - name: ha-others
              - name: ha-team
                slack_configs: [{api_url_env: TEAM}]
            """;
    private static final int ALERTS = 8;

    @Test
    void anHaPairTellsEachStateOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeSlack slack = FakeSlack.start(vertx);
        Map<String, String> env = Map.of("TEAM", slack.webhookUrl());
        String app = "it-ha-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(Path.of("target", app));
        NotifierOnBroker a = NotifierOnBroker.start(
                vertx, KafkaBroker.bootstrap(), CONFIG, env, dir.resolve("a"), app, NotifierOnBroker.freePort());
        NotifierOnBroker b = NotifierOnBroker.start(
                vertx, KafkaBroker.bootstrap(), CONFIG, env, dir.resolve("b"), app, NotifierOnBroker.freePort());
        try {
            // Prometheus HA: both replicas send every alert to both instances.
            for (NotifierOnBroker n : List.of(a, b)) {
                assertEquals(
                        200,
                        post(n.url + "/api/v2/alerts", alerts(Instant.now().plusSeconds(600)))
                                .statusCode());
            }
            await(
                    Duration.ofSeconds(60),
                    "every alert told firing",
                    () -> count("FIRING", slack).size() == ALERTS ? true : null);
            // Each group has one owner; either instance lists them all (amtool asks just one).
            int owned = 0;
            for (NotifierOnBroker n : List.of(a, b)) {
                JsonArray listed = new JsonArray(get(n.url + "/api/v2/alerts?filter=alertname%3D%22Ha%22")
                        .body());
                assertEquals(ALERTS, listed.size(), n.url + " lists " + listed.encode());
                JsonArray groups = new JsonArray(get(n.url + "/api/v2/alerts/groups?filter=alertname%3D%22Ha%22")
                        .body());
                assertEquals(ALERTS, groups.size());
                owned += new JsonArray(get(n.url + "/api/v2/alerts?local=true&filter=alertname%3D%22Ha%22")
                                .body())
                        .size();
            }
            assertEquals(ALERTS, owned, "each instance's own part adds up to the whole");
            for (NotifierOnBroker n : List.of(a, b)) {
                assertEquals(
                        200,
                        post(n.url + "/api/v2/alerts", alerts(Instant.now().minusSeconds(1)))
                                .statusCode());
            }
            await(
                    Duration.ofSeconds(60),
                    "every alert told resolved",
                    () -> count("RESOLVED", slack).size() == ALERTS ? true : null);
            Thread.sleep(3_000);
            assertEquals(ALERTS, count("FIRING", slack).size(), "no duplicate firing: " + count("FIRING", slack));
            assertEquals(ALERTS, count("RESOLVED", slack).size(), "no duplicate resolve");
            assertEquals(2 * ALERTS, slack.received().size());
        } finally {
            a.close();
            b.close();
            slack.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static String alerts(Instant endsAt) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < ALERTS; i++) {
            out.add(new JsonObject()
                    .put("labels", new JsonObject().put("alertname", "Ha").put("instance", "h-" + i))
                    .put("startsAt", "2026-01-10T10:00:00Z")
                    .put("endsAt", endsAt.toString()));
        }
        return out.encode();
    }

    /** Messages with this status, counted per instance label. */
    private static Map<String, Long> count(String status, FakeSlack slack) {
        return slack.received().stream()
                .map(JsonObject::encode)
                .filter(m -> m.contains(status))
                .map(m -> m.replaceAll(".*instance=(h-\\d+).*", "$1"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
