package io.tocsin.notifier.channel.webhook;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.HttpOutcomes;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.channel.Redaction;
import io.tocsin.notifier.config.WebhookConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * POSTs the Alertmanager v4 payload to any URL: 2xx delivered, 5xx and 429 (after Retry-After)
 * retried, other 4xx permanent (contracts.md). The answer's body is not read into the result:
 * an arbitrary endpoint may echo the request, URL token included.
 */
public final class WebhookChannel implements Channel {
    private final WebClient client;
    private final WebhookConfig config;
    private final String externalUrl;
    private final Duration timeout;
    private final Clock clock;

    /** @param externalUrl where people reach Tocsin, sent as externalURL; may be empty */
    public WebhookChannel(WebClient client, WebhookConfig config, String externalUrl, Duration timeout, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.config = Objects.requireNonNull(config);
        this.externalUrl = externalUrl == null ? "" : externalUrl;
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        Buffer body = WebhookPayload.render(notification, config.maxAlerts(), externalUrl)
                .toBuffer();
        try {
            return io.tocsin.notifier.channel.HttpAuth.apply(
                            client.postAbs(config.url().reveal()), config.http())
                    .timeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(body)
                    .map(this::read)
                    .otherwise(e -> HttpOutcomes.noAnswer(e, redact(String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            return Future.succeededFuture(
                    DeliveryResult.permanent(null, "invalid webhook URL: " + redact(e.getMessage())));
        }
    }

    private DeliveryResult read(HttpResponse<Buffer> response) {
        return HttpOutcomes.classify(
                response.statusCode(),
                response.getHeader("Retry-After"),
                clock.instant(),
                response.statusMessage() == null ? "" : redact(response.statusMessage()));
    }

    private String redact(String text) {
        return Redaction.redact(text, config.url());
    }
}
