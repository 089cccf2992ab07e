package io.tocsin.notifier.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code burst} sends at once, then {@code perSecond} on average. Time is passed
 * in, never read, so tests drive it with a manual clock. Thread-safe.
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private Instant last;

    public TokenBucket(double perSecond, int burst, Instant now) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /**
     * Takes one token if there is one.
     *
     * @return zero when taken; otherwise how long until one will be there (nothing is taken)
     */
    public synchronized Duration take(Instant now) {
        if (now.isAfter(last)) {
            long nanos = Duration.between(last, now).toNanos();
            tokens = Math.min(burst, tokens + nanos * perNano);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }
}
