package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.channel.console.ConsoleChannel;
import io.tocsin.notifier.channel.email.EmailChannel;
import io.tocsin.notifier.channel.pagerduty.PagerDutyChannel;
import io.tocsin.notifier.channel.slack.SlackBotChannel;
import io.tocsin.notifier.channel.slack.SlackChannel;
import io.tocsin.notifier.channel.webhook.WebhookChannel;
import io.tocsin.notifier.config.NotifierConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry: every kind of receiver config becomes its channel, limited where the vendor limits. */
class IntegrationsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void everyKindHasItsChannelNamedByKindAndPosition() {
        NotifierConfig config = NotifierConfig.parse("""
                route: {receiver: all}
                receivers:
                  - name: all
                    console_configs: [{}]
                    slack_configs:
                      - api_url: 'https://hooks.slack.com/services/T/B/x'
                      - {token: xoxb-1, channel: '#alerts', send_resolved: false}
                    pagerduty_configs: [{routing_key: k}]
                    webhook_configs: [{url: 'http://127.0.0.1:1/hook'}]
                    email_configs: [{to: a@b, from: c@d, smarthost: 'localhost:25', require_tls: false}]
                """, "n.yml", Map.of());
        List<Integration> all = Integrations.build(
                        config,
                        new Integrations.Context(
                                WebClient.create(vertx),
                                Duration.ofSeconds(1),
                                ManualClock.at("2026-01-10T10:00:00Z"),
                                new PrintStream(OutputStream.nullOutputStream()),
                                vertx))
                .get("all");

        assertEquals(
                List.of("console[0]", "slack[0]", "slack[1]", "pagerduty[0]", "webhook[0]", "email[0]"),
                all.stream().map(Integration::name).toList());
        assertEquals(
                List.of(
                        ConsoleChannel.class,
                        SlackChannel.class,
                        SlackBotChannel.class,
                        PagerDutyChannel.class,
                        WebhookChannel.class,
                        EmailChannel.class),
                all.stream().map(i -> i.channel().getClass()).toList());
        assertEquals(
                List.of(false, true, true, true, false, false),
                all.stream().map(i -> i.limit() != null).toList());
        assertTrue(!all.get(2).sendResolved() && all.get(1).sendResolved());
    }

    @Test
    void receiversSendingToTheSameWebhookShareOneBucketAndOthersDoNot() {
        NotifierConfig config = NotifierConfig.parse("""
                route: {receiver: a}
                receivers:
                  - name: a
                    slack_configs: [{api_url: 'http://127.0.0.1:9/services/T/B/same'}]
                  - name: b
                    slack_configs: [{api_url: 'http://127.0.0.1:9/services/T/B/same'}]
                  - name: c
                    slack_configs: [{api_url: 'http://127.0.0.1:9/services/T/B/other'}]
                    webhook_configs: [{url: 'http://127.0.0.1:9/hook'}]
                """, "n.yml", Map.of());
        Map<String, List<Integration>> integrations = Integrations.build(
                config,
                new Integrations.Context(
                        WebClient.create(vertx),
                        Duration.ofSeconds(1),
                        ManualClock.at("2026-01-10T10:00:00Z"),
                        new PrintStream(OutputStream.nullOutputStream()),
                        vertx));
        Integration a = integrations.get("a").get(0);
        Integration b = integrations.get("b").get(0);
        Integration c = integrations.get("c").get(0);

        assertSame(a.limit(), b.limit(), "one Slack webhook, one bucket");
        assertEquals(a.destination(), b.destination(), "and one queue");
        assertNotSame(a.limit(), c.limit(), "another webhook has its own bucket");
        assertNotEquals(a.destination(), c.destination());
        assertNull(integrations.get("c").get(1).limit(), "webhooks have no default limit");
    }
}
