package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tocsin.notifier.channel.email.Mail;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An alert fires, its e-mail carries a signed acknowledge link, someone follows it: the alert is
 * acknowledged through the same path as the API, and the next e-mail says so. A link that was
 * tampered with is refused with its reason.
 */
@ExtendWith(KafkaBroker.class)
class AckLinkIT {
    private static final String EXTERNAL = "https://tocsin.example.org";
    private static final Pattern LINK = Pattern.compile("Acknowledge: (\\S+)");

    @Test
    void theLinkInTheEmailAsksFirstAndItsButtonAcknowledgesTheAlert() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeWebhook hook = FakeWebhook.start(vertx);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
        smtp.start();
        String app = "it-acklink-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(Path.of("target", app));
        String config = """
                external_url: %s
                ack_links:
                  secret_env: IT_ACK_SECRET
                  expires_after: 1h
                route:
                  receiver: acklink-others
                  routes:
                    - matchers: ['alertname="AckByMail"']
                      receiver: acklink-mail
                      group_by: ['...']
                      group_wait: 0s
                receivers:
                  - name: acklink-others
                  - name: acklink-mail
                    email_configs:
                      - to: oncall@example.org
                        from: tocsin@example.org
                        smarthost: 127.0.0.1:%d
                        require_tls: false
                    webhook_configs:
                      - url_env: IT_WEBHOOK
                """.formatted(EXTERNAL, smtp.getSmtp().getPort());
        NotifierOnBroker n = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                config,
                Map.of("IT_ACK_SECRET", "it-" + UUID.randomUUID(), "IT_WEBHOOK", hook.url()),
                dir.resolve("state"),
                app);
        try {
            assertEquals(
                    200,
                    post(
                                    n.url + "/api/v2/alerts",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put(
                                                            "labels",
                                                            new JsonObject()
                                                                    .put("alertname", "AckByMail")
                                                                    .put("instance", app))
                                                    .put(
                                                            "startsAt",
                                                            Instant.now()
                                                                    .minusSeconds(5)
                                                                    .toString())
                                                    .put(
                                                            "endsAt",
                                                            Instant.now()
                                                                    .plusSeconds(600)
                                                                    .toString()))
                                            .encode())
                            .statusCode());

            Mail firing = await(Duration.ofSeconds(60), "the firing e-mail", () -> mail(smtp, "[FIRING]"));
            Matcher m = LINK.matcher(firing.text());
            assertTrue(m.find(), firing.text());
            String link = m.group(1);
            assertTrue(link.startsWith(EXTERNAL + "/api/tocsin/v1/ack/"), link);
            JsonObject payload = await(
                    Duration.ofSeconds(30),
                    "the webhook",
                    () -> hook.received().isEmpty() ? null : hook.received().get(0));
            assertEquals(EXTERNAL, payload.getString("externalURL"));
            String fingerprint = payload.getJsonArray("alerts").getJsonObject(0).getString("fingerprint");

            // The external URL is where people reach Tocsin; here that is the notifier itself.
            String path = link.substring(EXTERNAL.length());
            HttpResponse<String> tampered = get(n.url + path.substring(0, path.length() - 2) + "xx");
            assertEquals(403, tampered.statusCode());
            assertTrue(tampered.body().contains("signature is not valid"), tampered.body());

            // Following the link (what a mail scanner does too) only asks; the page's button acknowledges.
            HttpResponse<String> followed = get(n.url + path);
            assertEquals(200, followed.statusCode(), followed.body());
            assertTrue(
                    followed.body().contains("<form method=\"post\">")
                            && followed.body().contains(fingerprint),
                    followed.body());
            HttpResponse<String> beforeConfirming = get(n.url + "/api/tocsin/v1/alerts/" + fingerprint + "/escalation");
            assertTrue(beforeConfirming.body().contains("\"acknowledged\":null"), beforeConfirming.body());

            HttpResponse<String> confirmed = post(n.url + path, "");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            assertTrue(
                    confirmed.body().contains("<h1>Acknowledged</h1>")
                            && confirmed.body().contains(fingerprint),
                    confirmed.body());

            Mail acked = await(
                    Duration.ofSeconds(30), "the acknowledged e-mail", () -> mail(smtp, "[FIRING, ACKNOWLEDGED]"));
            assertTrue(acked.text().contains("Acknowledged by oncall@example.org"), acked.text());
            assertFalse(acked.text().contains("Acknowledge: "), "no second link once acknowledged");
            HttpResponse<String> escalation = get(n.url + "/api/tocsin/v1/alerts/" + fingerprint + "/escalation");
            assertEquals(
                    "oncall@example.org",
                    new JsonArray(escalation.body())
                            .getJsonObject(0)
                            .getJsonObject("acknowledged")
                            .getString("by"));
        } finally {
            n.close();
            smtp.stop();
            hook.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static Mail mail(GreenMail smtp, String subjectPrefix) {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(Mail::of)
                .filter(m -> m.subject().startsWith(subjectPrefix))
                .findFirst()
                .orElse(null);
    }
}
