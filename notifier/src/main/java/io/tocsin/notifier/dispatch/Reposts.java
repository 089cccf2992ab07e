package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import java.time.Instant;

/**
 * An alert that arrives again for a fingerprint the group holds, merged as Alertmanager merges
 * it ({@code provider/mem} Put and {@code types.Alert.Merge}): when the new one's activity overlaps
 * the held one's, it is the same firing, so the earliest startsAt stays and the newer endsAt and
 * state are taken. A client that re-posts without startsAt ({@code amtool alert add}, scripts)
 * therefore keeps the alert's identity and pages nobody again; an alert posted after the held one
 * ended is a new firing. Pure.
 */
final class Reposts {
    private Reposts() {}

    /** The alert to keep, given the one held (null if none) and the one that arrived. */
    static Alert merge(Alert held, Alert incoming) {
        if (held == null || !overlaps(held, incoming)) {
            return incoming;
        }
        Instant startsAt = incoming.startsAt().isBefore(held.startsAt()) ? incoming.startsAt() : held.startsAt();
        Instant endsAt = incoming.endsAt();
        if (incoming.state() == AlertState.RESOLVED
                && held.state() == AlertState.RESOLVED
                && held.endsAt() != null
                && endsAt != null
                && held.endsAt().isAfter(endsAt)) {
            endsAt = held.endsAt(); // the latest explicit resolve time wins
        }
        return new Alert(
                incoming.labels(),
                incoming.annotations(),
                incoming.state(),
                incoming.value(),
                startsAt,
                endsAt,
                incoming.source(),
                incoming.ruleVersion(),
                incoming.generatorURL());
    }

    /**
     * Alertmanager's test: the new alert ends within the held one's activity, or starts within it.
     * An alert without endsAt comes from Tocsin's rules, which name each firing by its startsAt:
     * a new startsAt from them is a new firing, never merged.
     */
    static boolean overlaps(Alert held, Alert incoming) {
        if (held.startsAt() == null || incoming.startsAt() == null || held.endsAt() == null) {
            return false;
        }
        Instant heldEnd = held.endsAt();
        boolean endsWithin = incoming.endsAt() != null
                && incoming.endsAt().isAfter(held.startsAt())
                && incoming.endsAt().isBefore(heldEnd);
        boolean startsWithin = incoming.startsAt().isAfter(held.startsAt())
                && incoming.startsAt().isBefore(heldEnd);
        return endsWithin || startsWithin;
    }
}
