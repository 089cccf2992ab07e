package io.tocsin.notifier.dispatch;

import java.util.Objects;
import io.tocsin.core.wire.Alert;

/** An alert on its way to one of its groups: the value of the by-group repartition topic. */
public record Routed(GroupRef group, Alert alert) {
    public Routed {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(alert, "alert");
    }
}
