package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.AlertState;
import java.time.Instant;
import java.util.Objects;

/**
 * What one receiver was last told about one alert: the value of the {@value NotifyTopology#STORE}
 * store, keyed {@code fingerprint/receiver}. An entry exists only while the receiver believes the
 * alert is firing; telling it "resolved" removes the entry.
 *
 * @param startsAt which firing episode the receiver was told about
 * @param at       when it was last told (first notice or the latest repeat)
 * @param groupKey the group it was told in, so that "resolved" goes to the same group
 * @param repeats  how many repeats followed the first notice; makes repeat ids distinct
 */
public record Sent(AlertState status, Instant startsAt, Instant at, String groupKey, int repeats) {
    public Sent {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(groupKey, "groupKey");
    }
}
