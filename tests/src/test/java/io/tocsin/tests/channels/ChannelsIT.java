package io.tocsin.tests.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tocsin.notifier.channel.email.Mail;
import io.tocsin.notifier.channel.pagerduty.FakePagerDuty;
import io.tocsin.notifier.channel.slack.FakeSlackApi;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Channels end to end on a real broker: a breach fires a rule, the notifier sends the group to
 * PagerDuty, e-mail (GreenMail, a real SMTP server) and a webhook; someone acknowledges it through
 * the API and PagerDuty gets acknowledge on the same alert; the data recovers and all three are
 * told it resolved. A Slack bot shows all of it in one message, edited as it goes. PagerDuty throttles the first event (429, Retry-After 1) and the
 * webhook is down for its first two requests (503): both are retried and each state arrives
 * exactly once.
 */
@ExtendWith(KafkaBroker.class)
class ChannelsIT {
    private static final String RULES = """
            groups:
              - name: storage
                rules:
                  - alert: DiskLatencyHigh
                    select: 'disk_latency_seconds{env="prod"}'
                    aggregate: max
                    window: 12s
                    by: [instance]
                    condition: '> 1'
                    for: 0s
                    labels: {severity: critical}
                    annotations:
                      summary: 'Disk <b>{{ $labels.instance }}</b> & friends took {{ $value }}s'
            """;
    private static final String PASSWORD = "smtp-" + UUID.randomUUID();

    private static Vertx vertx;
    private static FakePagerDuty pagerDuty;
    private static FakeWebhook webhook;
    private static FakeSlackApi slackApi;
    private static GreenMail smtp;
    private static Tocsin tocsin;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        pagerDuty = FakePagerDuty.start(vertx);
        webhook = FakeWebhook.start(vertx);
        slackApi = FakeSlackApi.start(vertx);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("tocsin@example.org", "tocsin", PASSWORD));
        smtp.start();

        Path dir = Files.createDirectories(Path.of("target", "it-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("storage.rules.yml"), RULES);
        Path notifier = dir.resolve("notifier.yml");
        Files.writeString(notifier, """
                route:
                  receiver: others
                  group_by: [alertname, instance]
                  group_wait: 0s
                  group_interval: 1s
                  resolve_wait: 0s
                  routes:
                    # Other tests' alerts share the broker's tocsin.alerts.v1; only ours go to the fakes.
                    - matchers: ['alertname="DiskLatencyHigh"']
                      receiver: storage-oncall
                delivery:
                  backoff_base: 200ms
                  backoff_max: 2s
                receivers:
                  - name: others
                    console_configs: [{}]
                  - name: storage-oncall
                    pagerduty_configs:
                      - routing_key_env: IT_PD_KEY
                        url: %s
                    email_configs:
                      - to: oncall@example.org
                        from: tocsin@example.org
                        smarthost: 127.0.0.1:%d
                        auth_username: tocsin
                        auth_password_env: IT_SMTP_PASSWORD
                        require_tls: false
                    webhook_configs:
                      - url_env: IT_WEBHOOK
                    slack_configs:
                      - token_env: IT_SLACK_TOKEN
                        api_url: %s
                        channel: '%s'
                """.formatted(
                        pagerDuty.url(), smtp.getSmtp().getPort(), slackApi.apiUrl(), FakeSlackApi.CHANNEL_NAME));
        String id = "it-ch-" + UUID.randomUUID().toString().substring(0, 8) + "-";
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
                Map.of(
                        "IT_PD_KEY",
                        pagerDuty.routingKey(),
                        "IT_SMTP_PASSWORD",
                        PASSWORD,
                        "IT_WEBHOOK",
                        webhook.url(),
                        "IT_SLACK_TOKEN",
                        slackApi.token())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tocsin != null) {
            tocsin.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (pagerDuty != null) {
            pagerDuty.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (slackApi != null) {
            slackApi.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aBreachReachesPagerDutyEmailAndWebhookThroughOutagesAndResolvesEverywhere() throws Exception {
        pagerDuty.throttleNext(1, 1);
        webhook.answerNext(2, 503, "down for maintenance", Map.of());

        HttpResponse<String> posted = post(tocsin.ingestUrl() + "/v1/samples", """
                {"samples":[{"name":"disk_latency_seconds","labels":{"env":"prod","instance":"db-7"},"value":3}]}
                """);
        assertEquals(200, posted.statusCode(), posted.body());

        // Firing: PagerDuty trigger (after its 429), the webhook's v4 payload (after two 503s), an e-mail.
        JsonObject trigger = Eventually.await(Duration.ofSeconds(30), "the PagerDuty trigger", () -> event("trigger"));
        assertEquals("critical", trigger.getJsonObject("payload").getString("severity"));
        assertTrue(trigger.getJsonObject("payload").getString("summary").contains("DiskLatencyHigh"), trigger.encode());
        JsonObject firing = Eventually.await(Duration.ofSeconds(30), "the firing webhook", () -> payload("firing"));
        assertEquals("4", firing.getString("version"));
        assertEquals("storage-oncall", firing.getString("receiver"));
        assertEquals("db-7", firing.getJsonObject("commonLabels").getString("instance"));
        JsonObject alert = firing.getJsonArray("alerts").getJsonObject(0);
        assertEquals("0001-01-01T00:00:00Z", alert.getString("endsAt"));
        assertFalse(alert.getString("fingerprint").isEmpty());
        Mail firingMail = Eventually.await(Duration.ofSeconds(30), "the firing e-mail", () -> mail("[FIRING"));
        assertTrue(firingMail.text().contains("Disk <b>db-7</b> & friends"), firingMail.text());
        assertTrue(firingMail.html().contains("Disk &lt;b&gt;db-7&lt;/b&gt; &amp; friends"), firingMail.html());

        // Someone takes it: PagerDuty is told acknowledge on the same alert, the e-mail says who.
        HttpResponse<String> acked = post(
                tocsin.notifierUrl() + "/api/tocsin/v1/alerts/" + alert.getString("fingerprint") + "/ack",
                "{\"by\":\"alice@example.org\",\"comment\":\"replacing <the> disk\"}");
        assertEquals(202, acked.statusCode(), acked.body());
        JsonObject ack =
                Eventually.await(Duration.ofSeconds(30), "the PagerDuty acknowledge", () -> event("acknowledge"));
        assertEquals(trigger.getString("dedup_key"), ack.getString("dedup_key"));
        assertEquals(
                "acknowledged", pagerDuty.openAlert(ack.getString("dedup_key")).state());
        Mail ackMail = Eventually.await(
                Duration.ofSeconds(30), "the acknowledged e-mail", () -> mail("[FIRING, ACKNOWLEDGED]"));
        assertTrue(
                ackMail.html().contains("alice@example.org") && ackMail.html().contains("replacing &lt;the&gt; disk"),
                ackMail.html());

        // Resolved once the breach leaves the 12 s window: the same PagerDuty alert closes.
        JsonObject resolve = Eventually.await(Duration.ofSeconds(40), "the PagerDuty resolve", () -> event("resolve"));
        assertEquals(trigger.getString("dedup_key"), resolve.getString("dedup_key"));
        assertEquals(1, pagerDuty.resolvedAlerts().size());
        JsonObject resolved =
                Eventually.await(Duration.ofSeconds(30), "the resolved webhook", () -> payload("resolved"));
        assertEquals(
                "resolved", resolved.getJsonArray("alerts").getJsonObject(0).getString("status"));
        Eventually.await(Duration.ofSeconds(30), "the resolved e-mail", () -> mail("[RESOLVED"));

        // Exactly once each, despite the outages: retried requests are the only extra ones.
        assertEquals(
                List.of("trigger", "acknowledge", "resolve"),
                pagerDuty.events().stream()
                        .map(e -> e.getString("event_action"))
                        .toList());
        assertEquals(pagerDuty.events().size() + 1, pagerDuty.requestCount(), "one throttled request");
        // The webhook is told the acknowledgement too, as a firing payload: v4 has no field for it.
        assertEquals(
                List.of("firing", "firing", "resolved"),
                webhook.received().stream().map(p -> p.getString("status")).toList());
        assertEquals(webhook.received().size() + 2, webhook.requestCount(), "two failed requests");
        // Slack by bot token: one message, posted when it fired, edited when acknowledged and resolved.
        Eventually.await(
                Duration.ofSeconds(30),
                "the resolved Slack edit",
                () -> slackApi.accepted().size() == 3 ? true : null);
        assertEquals(
                List.of("chat.postMessage", "chat.update", "chat.update"),
                slackApi.accepted().stream().map(FakeSlackApi.Call::method).toList());
        assertEquals(1, slackApi.messages().size());
        String slackText = slackApi.messages().values().iterator().next().encode();
        assertTrue(slackText.contains("RESOLVED") && slackText.contains("alice@example.org"), slackText);
        assertEquals(
                List.of(
                        "[FIRING] DiskLatencyHigh (db-7)",
                        "[FIRING, ACKNOWLEDGED] DiskLatencyHigh (db-7)",
                        "[RESOLVED] DiskLatencyHigh (db-7)"),
                Arrays.stream(smtp.getReceivedMessages())
                        .map(m -> Mail.of(m).subject())
                        .toList());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject event(String action) {
        return pagerDuty.events().stream()
                .filter(e -> action.equals(e.getString("event_action")))
                .findFirst()
                .orElse(null);
    }

    private static JsonObject payload(String status) {
        return webhook.received().stream()
                .filter(p -> status.equals(p.getString("status")))
                .findFirst()
                .orElse(null);
    }

    private static Mail mail(String subjectPrefix) {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(Mail::of)
                .filter(m -> m.subject().startsWith(subjectPrefix))
                .findFirst()
                .orElse(null);
    }
}
