package io.tocsin.ingest.auth;

import io.tocsin.core.config.Secret;
import java.util.Objects;

/**
 * One writer of ingest, identified by its bearer token.
 *
 * @param maxSeries distinct series (samples) and streams (logs) it may have written since
 *     ingest started; 0 means no cap
 */
public record Client(String name, Secret token, LabelPolicy labels, RateLimit rate, int maxSeries) {
    public Client {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        labels = labels == null ? LabelPolicy.ANY : labels;
        rate = rate == null ? RateLimit.UNLIMITED : rate;
        if (maxSeries < 0) {
            throw new IllegalArgumentException("maxSeries must not be negative");
        }
    }
}
