package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.escalation.Escalation;
import io.tocsin.notifier.escalation.EscalationPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a group's flush tells, to whom: the flush's own notification to the route's
 * receiver, the escalation steps that are due, the acknowledgement, and the resolve for every
 * receiver an escalation step paged. Pure, so escalation is table-tested like the flush.
 *
 * @param next the group afterwards (null when it closed), its escalation and sequence moved on
 */
public record Tells(List<Tell> tells, List<String> decisionIds, AlertGroup next) {

    /** One notification: the receiver is told these alerts have this status. */
    public record Tell(String receiver, AlertState status, List<Alert> alerts, String reason) {}

    public static Tells of(AlertGroup before, Flush f, EscalationPolicy policy, Instant now) {
        String main = before.ref().receiver();
        List<Tell> tells = new ArrayList<>();
        if (f.decision().notifies()) {
            tells.add(new Tell(main, f.status(), f.alerts(), f.decision().reason()));
        }
        AlertGroup g = f.next();
        Escalation e = before.escalation();
        boolean over = g == null || g.told().isEmpty();
        if (over) {
            if (e != null) {
                List<Alert> resolved = f.alerts().stream()
                        .filter(a -> a.state() == AlertState.RESOLVED)
                        .toList();
                for (String r : e.notified()) {
                    if (!r.equals(main) && !resolved.isEmpty()) {
                        tells.add(new Tell(
                                r,
                                AlertState.RESOLVED,
                                resolved,
                                "escalation over: the alerts this receiver was paged for resolved"));
                    }
                }
            }
            return new Tells(
                    tells,
                    decisionIds(before, tells.size()),
                    g == null ? null : g.withEscalation(null, before.sequence() + tells.size(), false));
        }

        boolean acked = g.ack() != null;
        if (e == null && policy != null && !acked && f.decision() == Decision.NOTIFY_FIRING) {
            e = Escalation.start(policy, now);
        }
        if (e != null && !acked) {
            if (policy == null) {
                e = e.stop();
            } else {
                Escalation.Advance a = e.advance(policy, now, !f.firing().isEmpty());
                for (int i = 0; i < a.steps().size(); i++) {
                    int k = a.steps().get(i);
                    for (String r : policy.step(k).receivers()) {
                        tells.add(new Tell(
                                r,
                                AlertState.FIRING,
                                f.firing(),
                                "escalation policy " + policy.name()
                                        + " step " + (k % policy.steps().size() + 1) + " of "
                                        + policy.steps().size()
                                        + (k >= policy.steps().size()
                                                ? ", pass "
                                                        + (k / policy.steps().size() + 1)
                                                : "")));
                    }
                }
                e = a.next();
            }
        }
        boolean ackTold = g.ackTold();
        if (acked && !ackTold) {
            Set<String> who = new LinkedHashSet<>();
            who.add(main);
            if (e != null) {
                who.addAll(e.notified());
                e = e.stop();
            }
            List<Alert> firing = g.alerts().values().stream()
                    .filter(a -> AlertGroup.firing(a, now))
                    .toList();
            for (String r : who) {
                tells.add(new Tell(
                        r,
                        AlertState.FIRING,
                        firing,
                        "acknowledged by " + g.ack().by()));
            }
            ackTold = true;
        }
        AlertGroup next = g.withEscalation(e, before.sequence() + tells.size(), ackTold);
        if (e != null && e.nextDue() != null) {
            next = next.withDue(AlertGroup.earlier(next.due(), e.nextDue()));
        }
        return new Tells(tells, decisionIds(before, tells.size()), next);
    }

    /**
     * The id of each tell's decision, the n-th after the group's sequence: hashed once here, for
     * the ledger entry and the provenance event that both carry it.
     */
    private static List<String> decisionIds(AlertGroup before, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(DecisionId.of(before.ref().id(), before.opened(), before.sequence() + i + 1));
        }
        return ids;
    }
}
