package io.tocsin.ingest.auth;

/**
 * A client's write rate in records (samples plus log lines) per second, with a burst it may spend
 * at once. A request larger than the burst could never pass, so it is refused as too large.
 */
public record RateLimit(double perSecond, double burst) {
    public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public RateLimit {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
    }
}
