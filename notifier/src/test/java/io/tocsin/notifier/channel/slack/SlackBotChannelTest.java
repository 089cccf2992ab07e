package io.tocsin.notifier.channel.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.MessageRef;
import io.tocsin.notifier.channel.MessageRefs;
import io.tocsin.notifier.config.SlackConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Slack by bot token against a fake of chat.postMessage and chat.update. */
class SlackBotChannelTest extends ChannelCompatibilityKit {
    private FakeSlackApi api;

    @Override
    protected Vendor startVendor(Vertx vertx) {
        api = FakeSlackApi.start(vertx);
        return new Vendor() {
            @Override
            public Set<Failure> failures() {
                return EnumSet.allOf(Failure.class);
            }

            @Override
            public void failNext(Failure failure) {
                switch (failure) {
                    case SERVER_ERROR -> api.answerNext(1, 503, "upstream connect error", Map.of());
                    case RATE_LIMITED -> api.rateLimitNext(1, 7);
                    case REJECTED -> api.errorNext(1, "channel_not_found");
                    case STALL -> api.stallNext(1);
                    case UNREACHABLE -> api.close();
                }
            }

            @Override
            public List<String> accepted() {
                return api.accepted().stream().map(c -> c.body().encode()).toList();
            }

            @Override
            public List<String> secrets() {
                return List.of(api.token());
            }

            @Override
            public void close() {
                api.close();
            }
        };
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        return bot(timeout, clock);
    }

    private SlackBotChannel bot(Duration timeout, Clock clock) {
        return new SlackBotChannel(
                WebClient.create(vertx),
                new SlackConfig(
                        Secret.inline(api.apiUrl()), FakeSlackApi.CHANNEL_NAME, null, true, Secret.inline(api.token())),
                timeout,
                clock);
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        JsonObject message = new JsonObject(accepted);
        assertTrue(message.getJsonArray("blocks").size() <= SlackMessage.MAX_BLOCKS);
        FakeSlack.sectionTexts(message).forEach(t -> assertTrue(t.length() <= SlackMessage.SECTION_LIMIT));
    }

    @Test
    void oneMessagePerGroupIsPostedThenUpdatedThroughAcknowledgedAndResolved() {
        SlackBotChannel bot = bot(TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
        var alert = TestAlerts.firing("HighCpu", "instance", "db-1");
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                await(bot.deliver(notification(AlertState.FIRING, List.of(alert), null)))
                        .outcome());
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                await(bot.deliver(notification(
                                AlertState.FIRING, List.of(alert), new Acknowledgement("alice", "on it", NOW))))
                        .outcome());
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                await(bot.deliver(notification(
                                AlertState.RESOLVED,
                                List.of(TestAlerts.resolved("HighCpu", "instance", "db-1")),
                                new Acknowledgement("alice", "on it", NOW))))
                        .outcome());

        assertEquals(
                List.of("chat.postMessage", "chat.update", "chat.update"),
                api.accepted().stream().map(FakeSlackApi.Call::method).toList());
        assertEquals(1, api.messages().size(), "one message in the channel");
        String text = api.messages().values().iterator().next().encode();
        assertTrue(text.contains("RESOLVED") && text.contains("alice"), text);

        // The group fires again later: a new message, not an edit of the resolved one.
        await(bot.deliver(notification(AlertState.FIRING, List.of(alert), null)));
        assertEquals(2, api.messages().size());
    }

    @Test
    void aMessageDeletedInSlackIsPostedAgain() {
        SlackBotChannel bot = bot(TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
        await(bot.deliver(firing("HighCpu", "db-1")));
        api.errorNext(1, "message_not_found");
        DeliveryResult r = await(bot.deliver(firing("HighCpu", "db-1")));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertEquals(
                List.of("chat.postMessage", "chat.postMessage"),
                api.accepted().stream().map(FakeSlackApi.Call::method).toList());
    }

    @Test
    void aWrongTokenIsPermanentAndNotQuoted() {
        SlackBotChannel bot = new SlackBotChannel(
                WebClient.create(vertx),
                new SlackConfig(
                        Secret.inline(api.apiUrl()),
                        FakeSlackApi.CHANNEL_NAME,
                        null,
                        true,
                        Secret.inline("xoxb-wrong")),
                TIMEOUT,
                Clock.fixed(NOW, ZoneOffset.UTC));
        DeliveryResult r = await(bot.deliver(firing("HighCpu", "db-1")));
        assertEquals(DeliveryResult.Outcome.PERMANENT, r.outcome());
        assertEquals("chat.postMessage invalid_auth", r.detail());
    }

    @Test
    void aChannelBuiltAfterARestartEditsTheMessageItsStoreRemembers() {
        MessageRefs kept = MessageRefs.inMemory();
        var alert = TestAlerts.firing("HighCpu", "instance", "db-1");
        await(bot(kept).deliver(notification(AlertState.FIRING, List.of(alert), null)));
        DeliveryResult r = await(bot(kept)
                .deliver(notification(
                        AlertState.RESOLVED, List.of(TestAlerts.resolved("HighCpu", "instance", "db-1")), null)));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertEquals(
                List.of("chat.postMessage", "chat.update"),
                api.accepted().stream().map(FakeSlackApi.Call::method).toList());
    }

    @Test
    void aMessageWhoseReferenceCouldNotBeKeptIsStillDeliveredOnce() {
        MessageRefs broken = new MessageRefs() {
            @Override
            public java.util.Optional<MessageRef> get(String key) {
                return java.util.Optional.empty();
            }

            @Override
            public io.vertx.core.Future<Void> put(String key, MessageRef ref) {
                return io.vertx.core.Future.failedFuture(new IllegalStateException("broker down"));
            }

            @Override
            public io.vertx.core.Future<Void> remove(String key) {
                return io.vertx.core.Future.succeededFuture();
            }
        };
        DeliveryResult r = await(bot(broken).deliver(firing("HighCpu", "db-1")));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome());
        assertTrue(r.detail().contains("message reference not kept"), r.detail());
    }

    private SlackBotChannel bot(MessageRefs refs) {
        return new SlackBotChannel(
                WebClient.create(vertx),
                new SlackConfig(
                        Secret.inline(api.apiUrl()), FakeSlackApi.CHANNEL_NAME, null, true, Secret.inline(api.token())),
                TIMEOUT,
                Clock.fixed(NOW, ZoneOffset.UTC),
                refs);
    }
}
