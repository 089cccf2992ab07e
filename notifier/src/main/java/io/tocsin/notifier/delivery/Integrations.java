package io.tocsin.notifier.delivery;

import io.tocsin.notifier.ack.AckLinks;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.MessageRefs;
import io.tocsin.notifier.channel.RunbookLinks;
import io.tocsin.notifier.channel.console.ConsoleChannel;
import io.tocsin.notifier.channel.email.EmailChannel;
import io.tocsin.notifier.channel.pagerduty.PagerDutyChannel;
import io.tocsin.notifier.channel.slack.SlackBotChannel;
import io.tocsin.notifier.channel.slack.SlackChannel;
import io.tocsin.notifier.channel.webhook.WebhookChannel;
import io.tocsin.notifier.config.ChannelConfig;
import io.tocsin.notifier.config.ConsoleConfig;
import io.tocsin.notifier.config.EmailConfig;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.tocsin.notifier.config.Receiver;
import io.tocsin.notifier.config.SlackConfig;
import io.tocsin.notifier.config.WebhookConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The channel registry: turns each receiver's configs into live channels. */
public final class Integrations {
    private Integrations() {}

    /**
     * What channels need from the process: one shared HTTP client, the clock, stdout, and Vert.x
     * for clients that are not HTTP (SMTP).
     */
    public record Context(
            WebClient http,
            Duration requestTimeout,
            Clock clock,
            PrintStream stdout,
            Vertx vertx,
            AckLinks links,
            MessageRefs messageRefs) {
        public Context {
            links = links == null ? AckLinks.NONE : links;
            messageRefs = messageRefs == null ? MessageRefs.inMemory() : messageRefs;
        }

        public Context(WebClient http, Duration requestTimeout, Clock clock, PrintStream stdout, Vertx vertx) {
            this(http, requestTimeout, clock, stdout, vertx, AckLinks.NONE, null);
        }
    }

    /** Whether any channel edits its messages (and so needs {@link Context#messageRefs}). */
    public static boolean editsMessages(NotifierConfig config) {
        return config.receivers().values().stream()
                .flatMap(r -> r.channels().stream())
                .anyMatch(c -> c instanceof SlackConfig s && s.botMode());
    }

    public static Map<String, List<Integration>> build(NotifierConfig config, Context context) {
        Map<String, List<Integration>> out = new LinkedHashMap<>();
        // One bucket per destination, shared by every receiver that sends there.
        Map<String, TokenBucket> buckets = new HashMap<>();
        for (Receiver receiver : config.receivers().values()) {
            Map<String, Integer> perKind = new HashMap<>();
            List<Integration> list = new ArrayList<>();
            for (ChannelConfig c : receiver.channels()) {
                int index = perKind.merge(c.kind(), 1, Integer::sum) - 1;
                String name = c.kind() + "[" + index + "]";
                // Integrations that share a rate limit share a destination; any other is its own.
                String destination = RateLimits.of(c).map(RateLimits.Limit::key).orElse(receiver.name() + "/" + name);
                list.add(new Integration(
                        name,
                        c.kind(),
                        c.sendResolved(),
                        withRunbookLinks(channel(c, context), config.links().runbookBaseUrl()),
                        destination,
                        bucket(c, buckets, context.clock())));
            }
            out.put(receiver.name(), List.copyOf(list));
        }
        return out;
    }

    /** Runbook links that people can follow from the channel: absolute, from runbook_base_url. */
    private static Channel withRunbookLinks(Channel channel, String base) {
        return base.isEmpty() ? channel : n -> channel.deliver(RunbookLinks.absolute(n, base));
    }

    /** The destination's bucket, if its vendor has a limit; delivery waits for a token before each send. */
    private static TokenBucket bucket(ChannelConfig c, Map<String, TokenBucket> buckets, Clock clock) {
        return RateLimits.of(c)
                .map(limit -> buckets.computeIfAbsent(
                        limit.key(), k -> new TokenBucket(limit.perSecond(), limit.burst(), clock.instant())))
                .orElse(null);
    }

    // One line per channel kind.
    private static Channel channel(ChannelConfig c, Context ctx) {
        if (c instanceof ConsoleConfig) {
            return new ConsoleChannel(ctx.stdout());
        }
        if (c instanceof SlackConfig slack) {
            return slack.botMode()
                    ? new SlackBotChannel(ctx.http(), slack, ctx.requestTimeout(), ctx.clock(), ctx.messageRefs())
                    : new SlackChannel(ctx.http(), slack, ctx.requestTimeout(), ctx.clock());
        }
        if (c instanceof PagerDutyConfig pd) {
            return new PagerDutyChannel(
                    ctx.http(),
                    pd,
                    ctx.requestTimeout(),
                    ctx.clock(),
                    ctx.links().externalUrl());
        }
        if (c instanceof WebhookConfig hook) {
            return new WebhookChannel(ctx.http(), hook, ctx.links().externalUrl(), ctx.requestTimeout(), ctx.clock());
        }
        if (c instanceof EmailConfig email) {
            if (ctx.vertx() == null) {
                throw new IllegalStateException("e-mail channels need Vert.x in the context");
            }
            return new EmailChannel(ctx.vertx(), email, ctx.requestTimeout(), ctx.links());
        }
        throw new IllegalArgumentException("no channel for " + c.kind());
    }
}
