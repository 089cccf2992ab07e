package io.tocsin.notifier.delivery;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.dispatch.Decision;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.util.List;

/**
 * What an integration with {@code send_resolved: false} is told of a decision, as Alertmanager
 * tells it: nothing of a decision that only resolves alerts (all of them, or some while the rest
 * still fire: its dedup stage sees no new firing alert), and of any other decision only the alerts
 * that fire. Pure, so it is table-tested.
 */
final class WithoutResolves {
    private WithoutResolves() {}

    /** Whether the integration hears of this decision at all. */
    static boolean tells(LedgerEntry decision) {
        return decision.status() != AlertState.RESOLVED
                && !Decision.NOTIFY_RESOLVED.reason().equals(decision.detail());
    }

    /** The alerts it is told: the decision's, less the resolved ones. */
    static List<Alert> alerts(LedgerEntry decision) {
        return decision.alerts().stream()
                .filter(a -> a.state() != AlertState.RESOLVED)
                .toList();
    }
}
