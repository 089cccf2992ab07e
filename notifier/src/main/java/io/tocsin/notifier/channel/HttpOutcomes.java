package io.tocsin.notifier.channel;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;

/**
 * The shared reading of HTTP answers, like Alertmanager's Retrier: 2xx delivered, 429 retry
 * after the vendor's Retry-After, other 4xx permanent, 5xx retry. Channels add vendor specifics.
 */
public final class HttpOutcomes {
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private HttpOutcomes() {}

    public static DeliveryResult classify(int status, String retryAfterHeader, Instant now, String detail) {
        String what = "HTTP " + status + (detail == null || detail.isEmpty() ? "" : " " + detail);
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status, what);
        }
        if (status == 429) {
            return DeliveryResult.retryable(status, retryAfter(retryAfterHeader, now), what);
        }
        if (status >= 500) {
            return DeliveryResult.retryable(status, null, what);
        }
        // 4xx (and unexpected 1xx/3xx) mean our request or config is wrong: repeating it will not help.
        return DeliveryResult.permanent(status, what);
    }

    /**
     * A Retry-After header as delay-seconds or an HTTP-date (RFC 9110); null when absent or
     * unreadable. Capped so that a hostile or broken answer cannot park delivery for days.
     */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(h));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(
                        now,
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /** No answer at all: worth retrying. The message is redacted by the caller. */
    public static DeliveryResult noAnswer(Throwable failure, String redactedMessage) {
        String kind = failure instanceof TimeoutException
                        || failure.getClass().getSimpleName().contains("Timeout")
                ? "timed out"
                : failure instanceof ConnectException
                        ? "connection failed"
                        : failure instanceof UnknownHostException ? "unknown host" : "request failed";
        return DeliveryResult.retryable(null, null, kind + ": " + redactedMessage);
    }
}
