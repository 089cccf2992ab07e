package io.tocsin.notifier.config;

import java.util.List;
import java.util.Objects;

/** A named destination; every notification routed to it goes out through each of its channels. */
public record Receiver(String name, List<ChannelConfig> channels) {
    public Receiver {
        Objects.requireNonNull(name, "name");
        channels = List.copyOf(channels);
    }
}
