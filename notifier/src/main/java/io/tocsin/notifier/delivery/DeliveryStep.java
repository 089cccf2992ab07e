package io.tocsin.notifier.delivery;

import io.tocsin.notifier.channel.DeliveryResult;
import java.time.Duration;
import java.util.Objects;

/**
 * What one destination does next with the decision at the head of its queue, and why. Pure:
 * the token bucket's answer, the channel's result, the elapsed time and the jitter are arguments,
 * so every case is a row in a table test. A local rate-limit wait is a {@link Action#WAIT}, not a
 * failed attempt: nothing was sent, so nothing goes to the ledger and no retry budget is spent.
 */
public record DeliveryStep(Action action, Duration delay, String reason) {

    public enum Action {
        /** Call the channel now. */
        SEND,
        /** Hold back locally (our own rate limit); then decide again. */
        WAIT,
        /** Delivered: the destination moves on. */
        DONE,
        /** Failed but worth another attempt after {@code delay}. */
        RETRY,
        /** Failed for good, or the budget is spent: record it as undeliverable and move on. */
        DEAD_LETTER
    }

    public DeliveryStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reason, "reason");
    }

    /** Before an attempt: send when the destination's bucket gave a token ({@code tokenWait} zero). */
    public static DeliveryStep beforeSending(Duration tokenWait, String destination) {
        if (tokenWait.isZero() || tokenWait.isNegative()) {
            return new DeliveryStep(Action.SEND, Duration.ZERO, "token available");
        }
        return new DeliveryStep(
                Action.WAIT,
                tokenWait,
                "rate limited locally (" + destination + "): next send in " + tokenWait.toMillis() + " ms");
    }

    /**
     * After attempt number {@code attempt} (1-based), {@code elapsed} after the first one.
     *
     * @param random uniform in [0, 1), the backoff jitter
     */
    public static DeliveryStep afterAttempt(
            DeliveryResult result, int attempt, Duration elapsed, BackoffPolicy policy, double random) {
        return switch (result.outcome()) {
            case DELIVERED -> new DeliveryStep(Action.DONE, Duration.ZERO, "delivered");
            case PERMANENT -> new DeliveryStep(Action.DEAD_LETTER, Duration.ZERO, "not retried: " + result.detail());
            case RETRYABLE -> {
                Duration delay = policy.delay(attempt, random, result.retryAfter());
                if (policy.exhausted(elapsed, delay)) {
                    yield new DeliveryStep(
                            Action.DEAD_LETTER,
                            Duration.ZERO,
                            "gave up after " + attempt + " attempts over " + elapsed.toSeconds() + "s: "
                                    + result.detail());
                }
                yield new DeliveryStep(
                        Action.RETRY,
                        delay,
                        result.retryAfter().isPresent()
                                ? "asked to retry after "
                                        + result.retryAfter().get().toMillis() + " ms: " + result.detail()
                                : "attempt " + attempt + " failed: " + result.detail());
            }
        };
    }
}
