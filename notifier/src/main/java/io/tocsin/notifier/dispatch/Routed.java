package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.ack.Acknowledgement;
import java.util.Objects;

/**
 * An alert, or an acknowledgement of one, on its way to one of its groups: the value of the
 * by-group repartition topic. Exactly one of {@code alert} and {@code ack} is set.
 */
public record Routed(GroupRef group, Alert alert, Acknowledgement ack) {
    public Routed {
        Objects.requireNonNull(group, "group");
        if ((alert == null) == (ack == null)) {
            throw new IllegalArgumentException("a routed record carries an alert or an acknowledgement");
        }
    }

    public Routed(GroupRef group, Alert alert) {
        this(group, alert, null);
    }
}
