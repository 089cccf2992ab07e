package io.tocsin.notifier.channel.slack;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.HttpOutcomes;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.channel.Redaction;
import io.tocsin.notifier.config.SlackConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Slack incoming webhooks (contracts.md): POST JSON, 200 {@code ok} is success, 429 carries
 * Retry-After in seconds, other 4xx ({@code invalid_payload}, {@code channel_not_found},
 * {@code channel_is_archived}, {@code action_prohibited}) are configuration errors, 5xx
 * ({@code rollup_error}) and network failures are worth retrying.
 * https://api.slack.com/messaging/webhooks#handling_errors
 */
public final class SlackChannel implements Channel {
    private static final int MAX_DETAIL = 200;

    private final WebClient client;
    private final SlackConfig config;
    private final Duration timeout;
    private final Clock clock;

    public SlackChannel(WebClient client, SlackConfig config, Duration timeout, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.config = Objects.requireNonNull(config);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        Buffer body = SlackTemplates.apply(
                        SlackMessage.render(notification, config.channel(), config.username()),
                        config.templates(),
                        notification)
                .toBuffer();
        try {
            return io.tocsin.notifier.channel.HttpAuth.apply(
                            client.postAbs(config.apiUrl().reveal()), config.http())
                    .timeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(body)
                    .map(this::read)
                    .otherwise(this::noAnswer);
        } catch (RuntimeException e) {
            // postAbs refuses a URL it cannot parse; the config check makes this unlikely.
            return Future.succeededFuture(
                    DeliveryResult.permanent(null, "invalid webhook URL: " + redact(e.getMessage())));
        }
    }

    private DeliveryResult read(HttpResponse<Buffer> response) {
        String text = response.bodyAsString();
        return HttpOutcomes.classify(
                response.statusCode(), response.getHeader("Retry-After"), clock.instant(), errorCode(text));
    }

    /** Slack answers with a short plain-text code ({@code ok}, {@code channel_not_found}) or JSON on 429. */
    private String errorCode(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        if (oneLine.startsWith("{")) {
            try {
                String error = new JsonObject(oneLine).getString("error");
                if (error != null) {
                    oneLine = error;
                }
            } catch (RuntimeException notJson) {
                // keep the raw text
            }
        }
        String capped = oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
        return redact(capped);
    }

    private DeliveryResult noAnswer(Throwable failure) {
        return HttpOutcomes.noAnswer(failure, redact(String.valueOf(failure.getMessage())));
    }

    private String redact(String text) {
        return Redaction.redact(text, config.apiUrl());
    }
}
