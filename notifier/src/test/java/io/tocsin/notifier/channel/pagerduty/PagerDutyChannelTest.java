package io.tocsin.notifier.channel.pagerduty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PagerDuty channel against a fake of the Events API v2 (contracts.md). */
class PagerDutyChannelTest extends ChannelCompatibilityKit {
    private FakePagerDuty pd;

    @Override
    protected Vendor startVendor(Vertx vertx) {
        pd = FakePagerDuty.start(vertx);
        return new Vendor() {
            @Override
            public Set<Failure> failures() {
                return EnumSet.allOf(Failure.class);
            }

            @Override
            public void failNext(Failure failure) {
                switch (failure) {
                    case SERVER_ERROR -> pd.answerNext(1, 502, "Bad Gateway", Map.of());
                    case RATE_LIMITED -> pd.throttleNext(1, 7);
                    // PagerDuty's own answer to an event it cannot use, quoting the routing key.
                    case REJECTED ->
                        pd.answerNext(
                                1,
                                400,
                                "{\"status\":\"invalid event\",\"message\":\"Event object "
                                        + "is invalid\",\"errors\":[\"routing_key " + pd.routingKey()
                                        + " is not allowed\"]}",
                                Map.of("Content-Type", "application/json"));
                    case STALL -> pd.stallNext(1);
                    case UNREACHABLE -> pd.close();
                }
            }

            @Override
            public List<String> accepted() {
                return pd.events().stream().map(JsonObject::encode).toList();
            }

            @Override
            public List<String> secrets() {
                return List.of(pd.routingKey());
            }

            @Override
            public void close() {
                pd.close();
            }
        };
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        return new PagerDutyChannel(
                WebClient.create(vertx),
                new PagerDutyConfig(Secret.inline(pd.routingKey()), pd.url(), "warning", true),
                timeout,
                clock);
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        JsonObject event = new JsonObject(accepted);
        assertTrue(accepted.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= PagerDutyEvent.MAX_EVENT_BYTES);
        JsonObject details = event.getJsonObject("payload").getJsonObject("custom_details");
        assertTrue(details.getInteger("truncated_alerts") > 0, "says how many alerts were left out");
        assertEquals(300, details.getInteger("firing"));
    }

    @Override
    protected void assertShowsAcknowledgement(String accepted, Acknowledgement ack) {
        JsonObject event = new JsonObject(accepted);
        assertEquals("acknowledge", event.getString("event_action"));
        assertEquals("acknowledged", pd.openAlert(event.getString("dedup_key")).state());
    }

    @Override
    protected void assertShowsResolved(String accepted) {
        assertEquals("resolve", new JsonObject(accepted).getString("event_action"));
    }

    @Test
    void triggerAcknowledgeAndResolveLandOnOnePagerDutyAlert() {
        var alert = TestAlerts.firing("HighCpu", "instance", "db-1", "severity", "critical");
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                deliver(notification(AlertState.FIRING, List.of(alert), null)).outcome());
        deliver(notification(AlertState.FIRING, List.of(alert), new Acknowledgement("alice", "", NOW)));
        String key = pd.events().get(0).getString("dedup_key");
        assertEquals("acknowledged", pd.openAlert(key).state());
        deliver(notification(AlertState.RESOLVED, List.of(TestAlerts.resolved("HighCpu", "instance", "db-1")), null));

        assertEquals(
                List.of("trigger", "acknowledge", "resolve"),
                pd.events().stream().map(e -> e.getString("event_action")).toList());
        assertEquals(
                Set.of(key),
                pd.events().stream().map(e -> e.getString("dedup_key")).collect(java.util.stream.Collectors.toSet()));
        assertNull(pd.openAlert(key));
        assertEquals(1, pd.resolvedAlerts().size());
        assertEquals("critical", pd.events().get(0).getJsonObject("payload").getString("severity"));
    }

    @Test
    void aThrottleWithoutRetryAfterWaitsWhatPagerDutySuggests() {
        pd.throttleNext(1, 0);
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome());
        assertEquals(PagerDutyChannel.THROTTLED_WAIT, r.retryAfter().orElseThrow());
    }
}
