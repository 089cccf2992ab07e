package io.tocsin.ingest.auth;

/**
 * The token bucket behind a {@link RateLimit}: refilled continuously, spent whole or not at all.
 * Not thread-safe on its own; {@link ClientState} serialises access.
 */
final class TokenBucket {
    private final RateLimit limit;
    private double tokens;
    private long lastNanos;

    TokenBucket(RateLimit limit, long nowNanos) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.lastNanos = nowNanos;
    }

    /** Takes {@code n} tokens and returns 0, or takes none and returns the milliseconds until they would be there. */
    long take(int n, long nowNanos) {
        if (Double.isInfinite(limit.perSecond())) {
            return 0;
        }
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = Math.max(lastNanos, nowNanos);
        tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        return (long) Math.ceil((n - tokens) / limit.perSecond() * 1000);
    }
}
