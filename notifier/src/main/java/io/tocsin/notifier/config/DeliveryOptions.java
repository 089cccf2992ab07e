package io.tocsin.notifier.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard delivery tries (the {@code delivery:} section, a Tocsin extension of alertmanager.yml).
 *
 * @param backoffBase    first retry delay before jitter
 * @param backoffMax     the delay stops doubling here
 * @param retryBudget    after this long without success the notification is dead-lettered
 * @param requestTimeout one HTTP request to a vendor may take this long
 */
public record DeliveryOptions(
        Duration backoffBase, Duration backoffMax, Duration retryBudget, Duration requestTimeout) {
    public static final DeliveryOptions DEFAULTS = new DeliveryOptions(
            Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10));

    public DeliveryOptions {
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(retryBudget, "retryBudget");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (notPositive(backoffBase) || notPositive(requestTimeout)) {
            throw new IllegalArgumentException("backoff_base and request_timeout must be positive");
        }
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff_max must not be shorter than backoff_base");
        }
        if (retryBudget.isNegative()) {
            throw new IllegalArgumentException("retry_budget must not be negative");
        }
    }

    private static boolean notPositive(Duration d) {
        return d.isZero() || d.isNegative();
    }
}
