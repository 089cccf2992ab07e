package io.tocsin.notifier.channel;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How one delivery attempt ended.
 *
 * @param httpStatus the vendor's status code, null when no answer came (timeout, connection error)
 * @param retryAfter how long the vendor asked us to wait (429 Retry-After), only when retryable
 * @param detail     for people and the ledger; never contains a secret such as a webhook URL
 */
public record DeliveryResult(Outcome outcome, Integer httpStatus, Optional<Duration> retryAfter, String detail) {

    public enum Outcome {
        DELIVERED,
        /** A later attempt may succeed: 429, 5xx, timeouts, connection errors. */
        RETRYABLE,
        /** Trying again will not help: the request or the configuration is wrong (4xx). */
        PERMANENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(retryAfter, "retryAfter");
        detail = detail == null ? "" : detail;
        if (retryAfter.isPresent() && outcome != Outcome.RETRYABLE) {
            throw new IllegalArgumentException("only a retryable result carries Retry-After");
        }
    }

    public static DeliveryResult delivered(Integer httpStatus, String detail) {
        return new DeliveryResult(Outcome.DELIVERED, httpStatus, Optional.empty(), detail);
    }

    public static DeliveryResult retryable(Integer httpStatus, Duration retryAfter, String detail) {
        return new DeliveryResult(Outcome.RETRYABLE, httpStatus, Optional.ofNullable(retryAfter), detail);
    }

    public static DeliveryResult permanent(Integer httpStatus, String detail) {
        return new DeliveryResult(Outcome.PERMANENT, httpStatus, Optional.empty(), detail);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
