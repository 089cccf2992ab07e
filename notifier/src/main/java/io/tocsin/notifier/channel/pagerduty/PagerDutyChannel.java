package io.tocsin.notifier.channel.pagerduty;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.HttpOutcomes;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.channel.Redaction;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * PagerDuty Events API v2 (contracts.md): 202 is success; 400 "invalid event" is our fault and
 * not retried; 429 is retried, after Retry-After when given and else after the ~30 s PagerDuty
 * suggests; 5xx and network failures are retried.
 * https://developer.pagerduty.com/docs/events-api-v2/overview/#response-codes--retry-logic
 */
public final class PagerDutyChannel implements Channel {
    /** PagerDuty's advice for 429 when it does not say how long to wait. */
    static final Duration THROTTLED_WAIT = Duration.ofSeconds(30);

    private static final int MAX_DETAIL = 300;

    private final WebClient client;
    private final PagerDutyConfig config;
    private final Duration timeout;
    private final Clock clock;
    private final String externalUrl;

    public PagerDutyChannel(WebClient client, PagerDutyConfig config, Duration timeout, Clock clock) {
        this(client, config, timeout, clock, "");
    }

    /** @param externalUrl where people reach Tocsin, sent as client_url; may be empty */
    public PagerDutyChannel(
            WebClient client, PagerDutyConfig config, Duration timeout, Clock clock, String externalUrl) {
        this.externalUrl = Objects.requireNonNull(externalUrl);
        this.client = Objects.requireNonNull(client);
        this.config = Objects.requireNonNull(config);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        JsonObject event = PagerDutyTemplates.apply(
                PagerDutyEvent.render(
                        notification, config.routingKey().reveal(), config.defaultSeverity(), externalUrl),
                config,
                notification);
        try {
            return io.tocsin.notifier.channel.HttpAuth.apply(client.postAbs(config.url()), config.http())
                    .timeout(timeout.toMillis())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(event.toBuffer())
                    .map(this::read)
                    .otherwise(e -> HttpOutcomes.noAnswer(e, redact(String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            return Future.succeededFuture(
                    DeliveryResult.permanent(null, "invalid PagerDuty URL: " + redact(e.getMessage())));
        }
    }

    private DeliveryResult read(HttpResponse<Buffer> response) {
        int status = response.statusCode();
        String retryAfter = response.getHeader("Retry-After");
        DeliveryResult r = HttpOutcomes.classify(status, retryAfter, clock.instant(), detail(response.bodyAsString()));
        if (status == 429 && r.retryAfter().isEmpty()) {
            return DeliveryResult.retryable(status, THROTTLED_WAIT, r.detail());
        }
        return r;
    }

    /** The answer's message and errors ({@code invalid event: 'payload.summary' is missing}), redacted and capped. */
    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text;
        try {
            JsonObject json = new JsonObject(body);
            StringBuilder sb = new StringBuilder(json.getString("status", ""));
            String message = json.getString("message");
            if (message != null) {
                sb.append(sb.length() > 0 ? ": " : "").append(message);
            }
            JsonArray errors = json.getJsonArray("errors");
            if (errors != null && !errors.isEmpty()) {
                sb.append(" (")
                        .append(String.join(
                                "; ", errors.stream().map(String::valueOf).toList()))
                        .append(')');
            }
            text = sb.toString();
        } catch (RuntimeException notJson) {
            text = body.strip().replaceAll("\\s+", " ");
        }
        return redact(text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text);
    }

    private String redact(String text) {
        return Redaction.redact(text, config.routingKey());
    }
}
