package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.channel.slack.FakeSlackApi;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Slack bot message posted before a restart is edited after it, not posted again. */
@ExtendWith(KafkaBroker.class)
class SlackMessageRestartIT {

    @Test
    void theResolveAfterARestartEditsTheMessagePostedBeforeIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeSlackApi slack = FakeSlackApi.start(vertx);
        String app = "it-slackref-" + UUID.randomUUID().toString().substring(0, 8);
        Path state = Files.createDirectories(Path.of("target", app));
        String config = """
                route:
                  receiver: slackref-others
                  routes:
                    - matchers: ['alertname="SlackRestart"']
                      receiver: slackref-team
                      group_wait: 0s
                      resolve_wait: 0s
                receivers:
                  - name: slackref-others
                  - name: slackref-team
                    slack_configs:
                      - token_env: IT_SLACK_TOKEN
                        api_url: %s
                        channel: '%s'
                """.formatted(slack.apiUrl(), FakeSlackApi.CHANNEL_NAME);
        Map<String, String> env = Map.of("IT_SLACK_TOKEN", slack.token());
        try {
            NotifierOnBroker before = NotifierOnBroker.start(vertx, KafkaBroker.bootstrap(), config, env, state, app);
            try {
                assertEquals(
                        200,
                        post(
                                        before.url + "/api/v2/alerts",
                                        alert(app, Instant.now().plusSeconds(600)))
                                .statusCode());
                await(
                        Duration.ofSeconds(60),
                        "the posted message",
                        () -> slack.accepted().isEmpty() ? null : true);
            } finally {
                before.close();
            }

            NotifierOnBroker after = NotifierOnBroker.start(vertx, KafkaBroker.bootstrap(), config, env, state, app);
            try {
                assertEquals(
                        200,
                        post(
                                        after.url + "/api/v2/alerts",
                                        alert(app, Instant.now().minusSeconds(1)))
                                .statusCode());
                await(
                        Duration.ofSeconds(60),
                        "the resolve",
                        () -> slack.accepted().size() >= 2 ? true : null);
                assertEquals(
                        List.of("chat.postMessage", "chat.update"),
                        slack.accepted().stream().map(FakeSlackApi.Call::method).toList());
                assertEquals(1, slack.messages().size(), "one message, now resolved");
            } finally {
                after.close();
            }
        } finally {
            slack.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static String alert(String instance, Instant endsAt) {
        return new JsonArray()
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject()
                                        .put("alertname", "SlackRestart")
                                        .put("instance", instance))
                        .put("startsAt", Instant.now().minusSeconds(30).toString())
                        .put("endsAt", endsAt.toString()))
                .encode();
    }
}
