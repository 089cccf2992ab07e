package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notifier stops in the middle of an escalation, a step falls due while it is down, and it
 * starts again from its committed state: every step is delivered exactly once, none skipped.
 * Routes and receivers are this test's own: every test on the broker shares the alert and ledger topics.
 */
@ExtendWith(KafkaBroker.class)
class EscalationRestartIT {
    private static final String CONFIG = """
            route:
              receiver: esc-others
              routes:
                - matchers: ['alertname="EscDbDown"']
                  receiver: esc-team
                  group_by: [alertname]
                  group_wait: 0s
                  repeat_interval: 1h
                  escalation_policy: oncall
            receivers:
              - name: esc-others
              - name: esc-team
                slack_configs: [{api_url_env: TEAM}]
              - name: esc-primary
                slack_configs: [{api_url_env: PRIMARY}]
              - name: esc-secondary
                slack_configs: [{api_url_env: SECONDARY}]
            escalation_policies:
              - name: oncall
                repeat: 1
                steps:
                  - receivers: [esc-primary]
                    wait: 4s
                  - receivers: [esc-secondary]
                    wait: 4s
            """;

    private Vertx vertx;
    private FakeSlack team;
    private FakeSlack primary;
    private FakeSlack secondary;

    @BeforeEach
    void fakes() {
        vertx = Vertx.vertx();
        team = FakeSlack.start(vertx);
        primary = FakeSlack.start(vertx);
        secondary = FakeSlack.start(vertx);
    }

    @AfterEach
    void close() throws Exception {
        team.close();
        primary.close();
        secondary.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aRestartMidEscalationNeitherSkipsNorRepeatsAStep() throws Exception {
        Map<String, String> env =
                Map.of("TEAM", team.webhookUrl(), "PRIMARY", primary.webhookUrl(), "SECONDARY", secondary.webhookUrl());
        Path state = Files.createDirectories(Path.of("target", "it-esc-" + UUID.randomUUID()));
        String app = "it-esc-" + UUID.randomUUID().toString().substring(0, 8);
        NotifierOnBroker first = NotifierOnBroker.start(vertx, KafkaBroker.bootstrap(), CONFIG, env, state, app);
        String alert = new JsonArray()
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject().put("alertname", "EscDbDown").put("instance", "db-1"))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(600).toString()))
                .encode();
        assertEquals(200, post(first.url + "/api/v2/alerts", alert).statusCode());
        await(
                Duration.ofSeconds(30),
                "step 1 (primary)",
                () -> primary.received().size() == 1 ? true : null);
        first.close();

        // Step 2 falls due while nothing runs.
        Thread.sleep(5_000);
        NotifierOnBroker second = NotifierOnBroker.start(vertx, KafkaBroker.bootstrap(), CONFIG, env, state, app);
        try {
            await(
                    Duration.ofSeconds(40),
                    "steps 2-4 after the restart",
                    () -> primary.received().size() >= 2 && secondary.received().size() >= 2 ? true : null);
            // Let anything that would be a duplicate arrive before counting.
            Thread.sleep(3_000);
            assertEquals(1, team.received().size(), "the route's receiver once");
            assertEquals(2, primary.received().size(), "step 1 and step 3 (second pass), once each");
            assertEquals(2, secondary.received().size(), "step 2 (due while down) and step 4, once each");
        } finally {
            second.close();
        }
    }
}
