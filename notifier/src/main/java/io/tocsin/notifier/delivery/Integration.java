package io.tocsin.notifier.delivery;

import io.tocsin.notifier.channel.Channel;
import java.util.Objects;

/**
 * One channel of one receiver, as built from its config.
 *
 * @param name e.g. {@code slack[0]}: kind and position among that receiver's configs of the kind
 * @param kind e.g. {@code slack}: the metrics tag, low-cardinality
 */
public record Integration(String name, String kind, boolean sendResolved, Channel channel) {
    public Integration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
    }
}
