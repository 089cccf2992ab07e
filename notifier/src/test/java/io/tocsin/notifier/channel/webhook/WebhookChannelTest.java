package io.tocsin.notifier.channel.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.config.Secret;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.tocsin.notifier.config.WebhookConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The webhook channel against a receiver that answers as contracts.md says. */
class WebhookChannelTest extends ChannelCompatibilityKit {
    private static final int MAX_ALERTS = 10;
    private FakeWebhook hook;

    @Override
    protected Vendor startVendor(Vertx vertx) {
        hook = FakeWebhook.start(vertx);
        return new Vendor() {
            @Override
            public Set<Failure> failures() {
                return EnumSet.allOf(Failure.class);
            }

            @Override
            public void failNext(Failure failure) {
                switch (failure) {
                    case SERVER_ERROR -> hook.answerNext(1, 503, "down for maintenance", Map.of());
                    case RATE_LIMITED -> hook.answerNext(1, 429, "slow down", Map.of("Retry-After", "7"));
                    // Some receivers echo the request line, token and all.
                    case REJECTED -> hook.answerNext(1, 403, "forbidden: " + hook.url(), Map.of());
                    case STALL -> hook.stallNext(1);
                    case UNREACHABLE -> hook.close();
                }
            }

            @Override
            public List<String> accepted() {
                return hook.received().stream().map(JsonObject::encode).toList();
            }

            @Override
            public List<String> secrets() {
                return List.of(hook.token());
            }

            @Override
            public void close() {
                hook.close();
            }
        };
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        return new WebhookChannel(
                WebClient.create(vertx),
                new WebhookConfig(Secret.inline(hook.url()), MAX_ALERTS, true),
                "http://tocsin.example:9093",
                timeout,
                clock);
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        JsonObject payload = new JsonObject(accepted);
        assertEquals(MAX_ALERTS, payload.getJsonArray("alerts").size());
        assertEquals(300 - MAX_ALERTS, payload.getInteger("truncatedAlerts"));
    }

    @Override
    protected void assertShowsAcknowledgement(String accepted, io.tocsin.notifier.ack.Acknowledgement ack) {
        // The v4 payload has no field for it: receivers see the group still firing, nothing more.
        assertEquals("firing", new JsonObject(accepted).getString("status"));
    }
}
