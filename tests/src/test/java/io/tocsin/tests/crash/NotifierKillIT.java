package io.tocsin.tests.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.channel.pagerduty.FakePagerDuty;
import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.notifier.channel.slack.FakeSlackApi;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.ScriptedHook;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier (dispatch Streams + delivery worker), alone in its own JVM, is killed with SIGKILL
 * and started again under the same application id and state dir. Nothing ran on the way down:
 * the open dispatch transaction is aborted, the delivery worker's last offset commit is whatever
 * it was, and both groups wait out the dead member's 10 s session.
 */
@ExtendWith(KafkaBroker.class)
class NotifierKillIT {
    private static final Logger log = LoggerFactory.getLogger(NotifierKillIT.class);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final ChildJvms jvms = new ChildJvms();

    private Vertx vertx;
    private Path dir;
    private String app;

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        String id = UUID.randomUUID().toString().substring(0, 8);
        app = "crash-notifier-" + id;
        dir = Files.createDirectories(Path.of("target", app));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aKillBetweenEscalationStepsDeliversEveryStepOnceWithThoseDueDuringTheOutageAfterTheRestart() throws Exception {
        try (FakeSlack team = FakeSlack.start(vertx);
                FakeSlack primary = FakeSlack.start(vertx);
                FakeSlack secondary = FakeSlack.start(vertx)) {
            ChildService notifier = notifier(
                    """
                    route:
                      receiver: kill-others
                      routes:
                        - matchers: ['alertname="KillEscDbDown"']
                          receiver: kill-team
                          group_by: [alertname]
                          group_wait: 0s
                          repeat_interval: 1h
                          escalation_policy: oncall
                    receivers:
                      - name: kill-others
                      - name: kill-team
                        slack_configs: [{api_url_env: TEAM}]
                      - name: kill-primary
                        slack_configs: [{api_url_env: PRIMARY}]
                      - name: kill-secondary
                        slack_configs: [{api_url_env: SECONDARY}]
                    escalation_policies:
                      - name: oncall
                        repeat: 1
                        steps:
                          - receivers: [kill-primary]
                            wait: 4s
                          - receivers: [kill-secondary]
                            wait: 4s
                    """,
                    Map.of(
                            "TEAM",
                            team.webhookUrl(),
                            "PRIMARY",
                            primary.webhookUrl(),
                            "SECONDARY",
                            secondary.webhookUrl()));
            notifier.start();
            postAlert(notifier, "KillEscDbDown");
            await(
                    Duration.ofSeconds(30),
                    "the route's receiver and step 1",
                    () -> team.received().size() == 1 && primary.received().size() == 1);
            long step1 = System.currentTimeMillis();
            // Between step 1 and step 2 (due 4 s after step 1), once step 1's offset is committed:
            // this test is about the escalation's position, the next one about a kill mid-delivery.
            ChildService.sleep(1_500);
            notifier.kill();
            long killedAt = System.currentTimeMillis();
            assertEquals(
                    0,
                    secondary.received().size(),
                    "step 2 was not due before the kill: whatever step 2 gets, " + "the restarted notifier sends");

            Duration restart = notifier.start();
            long readyAt = System.currentTimeMillis();
            // The dead members' 10 s sessions alone keep the outage past step 2 (4 s after step 1); on
            // this machine it also covers steps 3 and 4 (8 and 12 s), which then all come at once.
            assertTrue(
                    readyAt - step1 > 4_000,
                    "step 2 fell due during the outage, which lasted " + (readyAt - killedAt) + " ms");
            await(
                    Duration.ofSeconds(30),
                    "steps 2-4 after the restart",
                    () -> primary.received().size() >= 2 && secondary.received().size() >= 2);
            long caughtUp = System.currentTimeMillis();
            // Let anything that would be a duplicate arrive before counting.
            ChildService.sleep(3_000);
            log.info(
                    "escalation: killed {} ms after step 1, ready again {} ms later, steps 2-4 delivered {} ms after that",
                    killedAt - step1,
                    restart.toMillis(),
                    caughtUp - readyAt);
            assertEquals(1, team.received().size(), "the route's receiver once");
            assertEquals(2, primary.received().size(), "step 1 and step 3 (second pass), once each");
            assertEquals(2, secondary.received().size(), "step 2 and step 4, once each, after the restart");
        }
    }

    /**
     * The receiver has two channels, Slack (bot) and PagerDuty, each its own destination, and the
     * kill lands as PagerDuty accepts the trigger: before the worker hears the 202, writes the
     * attempt to the ledger and commits the decision's offset. The decision is not lost: the
     * restarted worker starts again at it and skips every channel the ledger records as
     * delivered. PagerDuty gets the trigger twice and folds it into its one open alert (same
     * dedup_key); Slack gets a second message only if its answer had not been recorded either, and
     * its first after the restart if it had not been called yet.
     */
    @Test
    void aKillRightAfterADeliveryLosesNothingAndRepeatsNoChannelTheLedgerRecordsAsDelivered() throws Exception {
        try (FakePagerDuty pd = FakePagerDuty.start(vertx);
                FakeSlackApi slack = FakeSlackApi.start(vertx);
                CommittedTap<LedgerEntry> ledger = new CommittedTap<>(
                        Topics.NOTIFICATIONS,
                        LedgerEntry.class,
                        e -> e.receiver().equals("kill-pager"))) {
            ChildService notifier = notifier(
                    """
                    route:
                      receiver: kill-others
                      routes:
                        - matchers: ['alertname="KillPdDbDown"']
                          receiver: kill-pager
                          group_by: [alertname]
                          group_wait: 0s
                          repeat_interval: 1h
                    receivers:
                      - name: kill-others
                      - name: kill-pager
                        slack_configs: [{token_env: SLACK_TOKEN, api_url: '%s', channel: '%s'}]
                        pagerduty_configs: [{routing_key_env: PD_KEY, url: '%s'}]
                    """.formatted(slack.apiUrl(), FakeSlackApi.CHANNEL_NAME, pd.url()),
                    Map.of("PD_KEY", pd.routingKey(), "SLACK_TOKEN", slack.token()));
            notifier.start();
            postAlert(notifier, "KillPdDbDown");
            // Kill within a millisecond of PagerDuty taking the event: the worker has not had its answer yet.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pd.events().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            notifier.kill();
            assertEquals(1, pd.events().size(), "PagerDuty took the trigger before the kill");
            // Slack and PagerDuty are separate destinations, each at its own pace: Slack may or may
            // not have had its message by the time PagerDuty took its event. Counted once the process
            // is gone a second: a request it wrote just before dying may reach the fake just after.
            ChildService.sleep(1_000); // the tap reads what the killed worker had written, nothing more can come
            int slackBeforeKill = slack.accepted().size();
            List<LedgerEntry> recordedBeforeKill = attempts(ledger);
            // Slack's attempt, if there was one, may or may not have reached the ledger by the kill.
            boolean slackRecorded = recordedBeforeKill.stream()
                    .anyMatch(a -> a.channel().startsWith("slack") && "delivered".equals(a.outcome()));

            notifier.start();
            // A decision left uncommitted is delivered again within a second of the restart.
            Eventually.await(
                    Duration.ofSeconds(10), "a redelivery", () -> pd.events().size() >= 2 ? true : null);
            ChildService.sleep(2_000);

            List<JsonObject> events = pd.events();
            List<LedgerEntry> decisions = ledger.values().stream()
                    .filter(e -> e.kind() == LedgerEntry.Kind.DECISION)
                    .toList();
            log.info(
                    "kill after delivery: {} trigger(s) at PagerDuty, {} Slack call(s), attempts on the ledger: {} before "
                            + "the kill, {} after the restart; {} decision(s)",
                    events.size(),
                    slack.accepted().size(),
                    channels(recordedBeforeKill),
                    channels(attempts(ledger)),
                    decisions.size());
            assertEquals(1, decisions.size(), "one decision: dispatch committed it once " + decisions);
            assertEquals(
                    2, events.size(), "the uncommitted decision was delivered again to PagerDuty, once: " + events);
            String dedupKey = events.get(0).getString("dedup_key");
            assertTrue(
                    events.stream()
                            .allMatch(e -> "trigger".equals(e.getString("event_action"))
                                    && dedupKey.equals(e.getString("dedup_key"))),
                    "both triggers carry the group's dedup_key: " + events);
            assertEquals(
                    new FakePagerDuty.PdAlert(dedupKey, "triggered", 2),
                    pd.openAlert(dedupKey),
                    "PagerDuty has one open alert for both triggers");
            // A channel the ledger records as delivered is never called again; one whose answer had not
            // been recorded when the process died is called once more (at most once).
            assertEquals(
                    slackBeforeKill + (slackRecorded ? 0 : 1),
                    slack.accepted().size(),
                    "Slack "
                            + (slackRecorded
                                    ? "was recorded as delivered before the kill: not called again"
                                    : slackBeforeKill == 1
                                            ? "had answered but was not recorded: called once more"
                                            : "had not been called: called once after the restart")
                            + ": " + slack.accepted());
        }
    }

    /**
     * One of the receiver's two webhooks is down (connection refused) when the notifier is killed.
     * The healthy one had its alert at once and the ledger recorded it; the decision's offset
     * could not move past the webhook still failing, so the restarted worker reads it again,
     * delivers it to the recovered webhook once, and does not send it to the healthy one twice.
     */
    @Test
    void aKillWhileOneDestinationIsFailingDeliversToItOnceAfterRecoveryAndNotAgainToTheHealthyOne() throws Exception {
        try (ScriptedHook healthy = ScriptedHook.start(vertx);
                ScriptedHook down = ScriptedHook.start(vertx)) {
            down.mode(ScriptedHook.Mode.REFUSE);
            ChildService notifier = notifier("""
                    route:
                      receiver: kill-hooks
                      group_by: [alertname]
                      group_wait: 0s
                      repeat_interval: 1h
                    receivers:
                      - name: kill-hooks
                        webhook_configs:
                          - url: '%s'
                          - url: '%s'
                    delivery: {backoff_base: 200ms, backoff_max: 1s, request_timeout: 2s}
                    """.formatted(healthy.url(), down.url()), Map.of());
            notifier.start();
            postAlert(notifier, "KillWhileDown");
            await(
                    Duration.ofSeconds(30),
                    "the healthy webhook has the alert",
                    () -> healthy.count("KillWhileDown", "firing") == 1);
            // Long enough for the healthy attempt to reach the ledger; the other keeps failing.
            ChildService.sleep(1_500);
            notifier.kill();
            assertEquals(0, down.count("KillWhileDown", "firing"));

            down.mode(ScriptedHook.Mode.ANSWER);
            Duration restart = notifier.start();
            await(
                    Duration.ofSeconds(30),
                    "the recovered webhook has the alert",
                    () -> down.count("KillWhileDown", "firing") == 1);
            ChildService.sleep(3_000); // let anything that would be a duplicate arrive before counting
            log.info("kill while a destination was down: ready again {} ms after the kill", restart.toMillis());
            assertEquals(1, healthy.count("KillWhileDown", "firing"), "the healthy webhook once, before the kill");
            assertEquals(1, down.count("KillWhileDown", "firing"), "the recovered webhook once, after the restart");
        }
    }

    private static List<String> channels(List<LedgerEntry> attempts) {
        return attempts.stream().map(a -> a.channel() + " " + a.outcome()).toList();
    }

    private ChildService notifier(String yaml, Map<String, String> env) throws IOException {
        Path config = Files.writeString(dir.resolve("notifier.yml"), yaml);
        return jvms.create(
                "notifier",
                List.of(
                        "notifier",
                        "--bootstrap",
                        KafkaBroker.bootstrap(),
                        "--replication-factor",
                        "1",
                        "--app-id",
                        app,
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--config",
                        config.toString()),
                env,
                dir);
    }

    private static List<LedgerEntry> attempts(CommittedTap<LedgerEntry> ledger) {
        return ledger.values().stream()
                .filter(e -> e.kind() == LedgerEntry.Kind.ATTEMPT)
                .toList();
    }

    private static void postAlert(ChildService notifier, String alertname) throws Exception {
        String body = new JsonArray()
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject().put("alertname", alertname).put("instance", "db-1"))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(600).toString()))
                .encode();
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(notifier.url() + "/api/v2/alerts"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        Eventually.await(timeout, what, () -> condition.getAsBoolean() ? true : null);
    }
}
