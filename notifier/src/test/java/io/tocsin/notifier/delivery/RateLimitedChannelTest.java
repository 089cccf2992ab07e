package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.FakeChannel;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.NotifierConfig;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

class RateLimitedChannelTest {
    private static final Notification N = new Notification("n", "r", "g", AlertState.FIRING,
            List.of(TestAlerts.firing("HighCpu")));

    @Test
    void withoutATokenTheVendorIsNotCalledAndTheAnswerIsRetryAfterTheWait() {
        ManualClock clock = ManualClock.at("2026-01-10T10:00:00Z");
        FakeChannel vendor = new FakeChannel();
        RateLimitedChannel limited = new RateLimitedChannel(vendor, new TokenBucket(1, 1, clock.instant()), clock, "slack:abc");

        assertEquals(DeliveryResult.Outcome.DELIVERED, result(limited).outcome());
        clock.advance(Duration.ofMillis(300));
        DeliveryResult held = result(limited);
        assertEquals(DeliveryResult.Outcome.RETRYABLE, held.outcome());
        assertEquals(Duration.ofMillis(700), held.retryAfter().orElseThrow());
        assertEquals(1, vendor.calls().size(), "the vendor never saw the second send");

        clock.advance(Duration.ofMillis(700));
        assertEquals(DeliveryResult.Outcome.DELIVERED, result(limited).outcome());
        assertEquals(2, vendor.calls().size());
    }

    @Test
    void receiversSendingToTheSameWebhookShareOneBucketAndOthersDoNot() {
        ManualClock clock = ManualClock.at("2026-01-10T10:00:00Z");
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
        Vertx vertx = Vertx.vertx();
        try {
            var integrations = Integrations.build(config, new Integrations.Context(WebClient.create(vertx),
                    Duration.ofSeconds(1), clock, new PrintStream(OutputStream.nullOutputStream()), vertx));
            sharesBuckets(integrations);
        } finally {
            vertx.close();
        }
    }

    private static void sharesBuckets(Map<String, List<Integration>> integrations) {
        var a = (RateLimitedChannel) integrations.get("a").get(0).channel();
        var b = (RateLimitedChannel) integrations.get("b").get(0).channel();
        var c = (RateLimitedChannel) integrations.get("c").get(0).channel();
        assertFalse(integrations.get("c").get(1).channel() instanceof RateLimitedChannel, "webhooks have no default limit");

        // a's token is spent without calling Slack: b must wait for the same destination, c need not.
        a.deliver(N); // nobody listens on port 9: the answer does not matter, the token is gone
        assertEquals(DeliveryResult.Outcome.RETRYABLE, result(b).outcome());
        assertEquals(Duration.ofSeconds(1), result(b).retryAfter().orElseThrow());
        assertFalse(result(c).detail().startsWith("rate limited"), "another webhook has its own bucket");
    }

    private static DeliveryResult result(RateLimitedChannel c) {
        try {
            return c.deliver(N).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
