package io.tocsin.notifier.delivery;

import io.tocsin.notifier.config.DeliveryOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Exponential backoff with full jitter (the delay is uniform between zero and a ceiling that
 * doubles per attempt up to {@code max}), never shorter than what the vendor asked for with
 * Retry-After, and a budget after which delivery gives up. Pure: randomness is an argument.
 */
public record BackoffPolicy(Duration base, Duration max, Duration budget) {

    public BackoffPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(budget, "budget");
        if (base.isZero() || base.isNegative() || max.compareTo(base) < 0 || budget.isNegative()) {
            throw new IllegalArgumentException("need 0 < base <= max and budget >= 0");
        }
    }

    public static BackoffPolicy of(DeliveryOptions options) {
        return new BackoffPolicy(options.backoffBase(), options.backoffMax(), options.retryBudget());
    }

    /** The largest delay after the given failed attempt (1-based): base, 2·base, 4·base ... max. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        long ms = base.toMillis();
        for (int i = 1; i < attempt && ms < max.toMillis(); i++) {
            ms *= 2;
        }
        return ms >= max.toMillis() ? max : Duration.ofMillis(ms);
    }

    /**
     * How long to wait after the given failed attempt.
     *
     * @param random     uniform in [0, 1): the jitter
     * @param retryAfter the vendor's Retry-After, which is a floor
     */
    public Duration delay(int attempt, double random, Optional<Duration> retryAfter) {
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1)");
        }
        Duration jittered = Duration.ofMillis((long) (ceiling(attempt).toMillis() * random));
        return retryAfter.filter(ra -> ra.compareTo(jittered) > 0).orElse(jittered);
    }

    /** Whether waiting {@code nextDelay} more would go past the budget, counted from the first attempt. */
    public boolean exhausted(Duration elapsed, Duration nextDelay) {
        return elapsed.plus(nextDelay).compareTo(budget) > 0;
    }
}
