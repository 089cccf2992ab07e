package io.tocsin.notifier.delivery;

import io.tocsin.notifier.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One channel of one receiver, as built from its config.
 *
 * @param name        e.g. {@code slack[0]}: kind and position among that receiver's configs of the kind
 * @param kind        e.g. {@code slack}: the metrics tag, low-cardinality
 * @param destination where the messages end up, e.g. a rate-limit key: deliveries to one destination
 *                    keep their order, different destinations progress independently; never a secret
 * @param limit       the destination's token bucket, shared by every integration sending there; null
 *                    when the vendor has no limit to keep under
 */
public record Integration(
        String name, String kind, boolean sendResolved, Channel channel, String destination, TokenBucket limit) {
    public Integration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(destination, "destination");
    }

    /** An integration without a rate limit. */
    public Integration(String name, String kind, boolean sendResolved, Channel channel, String destination) {
        this(name, kind, sendResolved, channel, destination, null);
    }

    /** An integration that is its own destination (no other integration sends to the same place). */
    public Integration(String name, String kind, boolean sendResolved, Channel channel) {
        this(name, kind, sendResolved, channel, kind + "@" + Integer.toHexString(System.identityHashCode(channel)));
    }

    /** Takes a token for one send: zero when taken, else how long until there is one. */
    Duration tokenWait(Instant now) {
        return limit == null ? Duration.ZERO : limit.take(now);
    }
}
