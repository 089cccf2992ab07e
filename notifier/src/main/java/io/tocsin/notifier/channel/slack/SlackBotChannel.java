package io.tocsin.notifier.channel.slack;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.HttpOutcomes;
import io.tocsin.notifier.channel.MessageRef;
import io.tocsin.notifier.channel.MessageRefs;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.channel.Redaction;
import io.tocsin.notifier.config.SlackConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * Slack by bot token: one message per alert group, posted with chat.postMessage when the group
 * first fires and edited with chat.update as it is acknowledged and resolved (contracts.md), so
 * a channel shows the group's current state instead of a scroll of stale ones.
 *
 * <p>The message reference (channel id + ts) is kept in {@link MessageRefs} (in Kafka when the
 * notifier runs), keyed by destination and group, so that after a restart or a rebalance the next
 * state still edits the group's message. A post is reported delivered only once its reference is
 * kept. Slack's Web API answers HTTP 200 with {@code ok:false} for most errors, so the error
 * code decides: throttling and Slack-side failures are retried, the rest (bad token, unknown
 * channel, invalid blocks) are configuration errors. https://api.slack.com/web#responses
 */
public final class SlackBotChannel implements Channel {
    private static final Set<String> RETRYABLE_ERRORS = Set.of(
            "ratelimited",
            "rate_limited",
            "internal_error",
            "fatal_error",
            "service_unavailable",
            "request_timeout",
            "team_added_to_org");
    /** chat.update cannot edit this message any more: post a new one. */
    private static final Set<String> GONE_ERRORS =
            Set.of("message_not_found", "cant_update_message", "edit_window_closed");

    private final WebClient client;
    private final SlackConfig config;
    private final String apiBase;
    private final Duration timeout;
    private final Clock clock;
    private final MessageRefs messages;
    /** Tells this destination's messages from another's in a shared store; not a secret. */
    private final String scope;

    public SlackBotChannel(WebClient client, SlackConfig config, Duration timeout, Clock clock) {
        this(client, config, timeout, clock, MessageRefs.inMemory());
    }

    public SlackBotChannel(WebClient client, SlackConfig config, Duration timeout, Clock clock, MessageRefs messages) {
        if (!config.botMode()) {
            throw new IllegalArgumentException("a bot channel needs a token");
        }
        this.client = Objects.requireNonNull(client);
        this.config = config;
        this.apiBase = config.apiUrl().reveal().replaceAll("/+$", "").replaceAll("/chat\\.postMessage$", "");
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
        this.messages = Objects.requireNonNull(messages);
        this.scope =
                "slack:" + config.channel() + "@" + fingerprint(config.token().reveal() + " " + apiBase);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification n) {
        return messages.get(key(n)).map(ref -> update(n, ref)).orElseGet(() -> post(n));
    }

    private Future<DeliveryResult> post(Notification n) {
        JsonObject body = SlackTemplates.apply(
                SlackMessage.render(n, config.channel(), config.username()), config.templates(), n);
        return call("chat.postMessage", body).compose(answer -> {
            if (!answer.result().delivered()) {
                return Future.succeededFuture(answer.result());
            }
            String ts = answer.json().getString("ts");
            MessageRef ref =
                    ts == null ? null : new MessageRef(answer.json().getString("channel", config.channel()), ts);
            return remember(n, ref, answer.result());
        });
    }

    private Future<DeliveryResult> update(Notification n, MessageRef ref) {
        JsonObject body = SlackTemplates.apply(SlackMessage.render(n, ref.channel(), null), config.templates(), n)
                .put("ts", ref.ts());
        return call("chat.update", body).compose(answer -> {
            if (GONE_ERRORS.contains(answer.error())) {
                return messages.remove(key(n)).transform(ignored -> post(n));
            }
            if (!answer.result().delivered()) {
                return Future.succeededFuture(answer.result());
            }
            return remember(n, ref, answer.result());
        });
    }

    /**
     * A resolved group's message is final; if the group fires again it gets a new message. The
     * message is out either way: if keeping its reference fails, the next state posts anew
     * rather than this one being sent twice.
     */
    private Future<DeliveryResult> remember(Notification n, MessageRef ref, DeliveryResult sent) {
        Future<Void> kept = n.firing() && ref != null ? messages.put(key(n), ref) : messages.remove(key(n));
        return kept.transform(r -> Future.succeededFuture(
                r.succeeded()
                        ? sent
                        : DeliveryResult.delivered(
                                sent.httpStatus(),
                                sent.detail() + "; message reference not kept ("
                                        + r.cause().getClass().getSimpleName()
                                        + "): its next state posts a new message")));
    }

    private String key(Notification n) {
        return scope + "\n" + n.receiver() + "\n" + n.groupKey();
    }

    private static String fingerprint(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Answer(DeliveryResult result, JsonObject json, String error) {}

    private Future<Answer> call(String method, JsonObject body) {
        try {
            return client.postAbs(apiBase + "/" + method)
                    .timeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Authorization", "Bearer " + config.token().reveal())
                    .sendBuffer(body.toBuffer())
                    .map(r -> read(method, r))
                    .otherwise(e -> new Answer(
                            HttpOutcomes.noAnswer(e, redact(String.valueOf(e.getMessage()))), new JsonObject(), ""));
        } catch (RuntimeException e) {
            return Future.succeededFuture(new Answer(
                    DeliveryResult.permanent(null, "invalid Slack API URL: " + redact(e.getMessage())),
                    new JsonObject(),
                    ""));
        }
    }

    private Answer read(String method, HttpResponse<Buffer> response) {
        JsonObject json;
        try {
            json = response.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            json = null;
        }
        int status = response.statusCode();
        if (status != 200 || json == null) {
            String error = json == null ? "" : json.getString("error", "");
            return new Answer(
                    HttpOutcomes.classify(
                            status, response.getHeader("Retry-After"), clock.instant(), method + " " + redact(error)),
                    json == null ? new JsonObject() : json,
                    error);
        }
        if (json.getBoolean("ok", false)) {
            return new Answer(DeliveryResult.delivered(status, method + " ok"), json, "");
        }
        String error = json.getString("error", "unknown_error");
        String detail = method + " " + redact(error);
        DeliveryResult r = RETRYABLE_ERRORS.contains(error)
                ? DeliveryResult.retryable(
                        status, HttpOutcomes.retryAfter(response.getHeader("Retry-After"), clock.instant()), detail)
                : DeliveryResult.permanent(status, detail);
        return new Answer(r, json, error);
    }

    private String redact(String text) {
        return Redaction.redact(text, config.token());
    }
}
