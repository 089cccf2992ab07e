package io.tocsin.notifier.channel.slack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.tocsin.notifier.config.SlackConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Slack incoming webhook channel against a fake that answers like Slack (contracts.md). */
class SlackWebhookChannelTest extends ChannelCompatibilityKit {

    @Override
    protected Vendor startVendor(Vertx vertx) {
        FakeSlack slack = FakeSlack.start(vertx);
        return new Vendor() {
            private boolean closed;

            @Override
            public Set<Failure> failures() {
                return EnumSet.allOf(Failure.class);
            }

            @Override
            public void failNext(Failure failure) {
                switch (failure) {
                    case SERVER_ERROR -> slack.answerNext(1, 500, "rollup_error", Map.of());
                    case RATE_LIMITED -> slack.rateLimitNext(1, 7);
                    case REJECTED -> slack.answerNext(1, 404, "channel_not_found", Map.of());
                    case STALL -> slack.stallNext(1);
                    case UNREACHABLE -> close();
                }
            }

            @Override
            public List<String> accepted() {
                return slack.received().stream().map(JsonObject::encode).toList();
            }

            @Override
            public List<String> secrets() {
                return List.of(
                        slack.webhookPath(),
                        slack.webhookPath().substring(slack.webhookPath().lastIndexOf('/') + 1));
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    slack.close();
                }
            }

            @Override
            public String toString() {
                return slack.webhookUrl();
            }
        };
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        SlackConfig config = new SlackConfig(Secret.inline(vendor.toString()), null, null, true);
        return new SlackChannel(WebClient.create(vertx), config, timeout, clock);
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        JsonObject message = new JsonObject(accepted);
        assertTrue(message.getJsonArray("blocks").size() <= SlackMessage.MAX_BLOCKS, "at most 50 blocks");
        FakeSlack.sectionTexts(message).forEach(t -> assertTrue(t.length() <= SlackMessage.SECTION_LIMIT));
        assertTrue(message.getString("text").length() <= SlackMessage.SECTION_LIMIT);
        assertTrue(accepted.contains("more"), "says how many alerts were left out");
    }
}
