package io.tocsin.notifier.channel;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import java.util.List;
import java.util.Objects;

/**
 * What a channel sends: a receiver is told that these alerts of one group are firing or resolved.
 *
 * @param id the decision's id; stable across retries, usable as a vendor dedup key
 */
public record Notification(String id, String receiver, String groupKey, AlertState status, List<Alert> alerts) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(status, "status");
        alerts = List.copyOf(alerts);
    }

    public boolean firing() {
        return status == AlertState.FIRING;
    }
}
