package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.provenance.AlertEvents;
import java.util.Objects;

/**
 * An alert, or an acknowledgement of one, on its way to one of its groups: the value of the
 * by-group repartition topic. Exactly one of {@code alert} and {@code ack} is set.
 *
 * @param provenance the route stage's events about the alert (fired and routed, or resolved),
 *                   when they travel to the group stage to be written with what the group
 *                   decides (see {@link RouteProcessor}); null when the route stage wrote them
 *                   itself, and on records written before they travelled
 */
public record Routed(GroupRef group, Alert alert, Acknowledgement ack, AlertEvents provenance) {
    public Routed {
        Objects.requireNonNull(group, "group");
        if ((alert == null) == (ack == null)) {
            throw new IllegalArgumentException("a routed record carries an alert or an acknowledgement");
        }
        if (provenance != null && (alert == null || !provenance.fingerprint().equals(alert.fingerprint()))) {
            throw new IllegalArgumentException("a routed record carries the events of its own alert only");
        }
    }

    public Routed(GroupRef group, Alert alert, Acknowledgement ack) {
        this(group, alert, ack, null);
    }

    public Routed(GroupRef group, Alert alert) {
        this(group, alert, null, null);
    }
}
