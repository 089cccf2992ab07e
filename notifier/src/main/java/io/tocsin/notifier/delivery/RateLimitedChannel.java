package io.tocsin.notifier.delivery;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Keeps a channel under its vendor's rate limit. Without a token the vendor is not called: the
 * answer is "retry after the wait", so the delivery worker's Retry-After handling does the
 * waiting and the vendor never sees the burst that would earn a 429 (or, for Slack, get the app
 * disabled).
 */
public final class RateLimitedChannel implements Channel {
    private final Channel inner;
    private final TokenBucket bucket;
    private final Clock clock;
    private final String destination;

    /** @param destination names the bucket in results; must not contain a secret */
    public RateLimitedChannel(Channel inner, TokenBucket bucket, Clock clock, String destination) {
        this.inner = Objects.requireNonNull(inner);
        this.bucket = Objects.requireNonNull(bucket);
        this.clock = Objects.requireNonNull(clock);
        this.destination = Objects.requireNonNull(destination);
    }

    /** The channel being limited. */
    public Channel inner() {
        return inner;
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        Duration wait = bucket.take(clock.instant());
        if (wait.isZero()) {
            return inner.deliver(notification);
        }
        return Future.succeededFuture(DeliveryResult.retryable(null, wait,
                "rate limited locally (" + destination + "): next send in " + wait.toMillis() + " ms"));
    }
}
