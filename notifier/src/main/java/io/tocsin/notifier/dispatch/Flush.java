package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a group's flush tells its receiver, and the group afterwards. Pure, so the whole policy is
 * table-tested: new firing alerts are told; a resolve is told only to a receiver that heard the
 * alert fire (muted or not since); a muted alert is not told, and its receiver keeps believing
 * what it was told; an unchanged group is told again after repeat_interval unless acknowledged.
 *
 * @param status the notification's status: firing while any told alert fires, else resolved
 * @param alerts the alerts in the notification, firing then resolved; empty when nothing is told
 * @param firing the alerts firing and not muted at the flush, told or not
 * @param next   the group afterwards, or null once it holds nothing and its receiver believes nothing fires
 */
public record Flush(Decision decision, AlertState status, List<Alert> alerts, List<Alert> firing, AlertGroup next) {

    public static Flush of(AlertGroup g, Instant now, Predicate<Alert> muted) {
        TreeMap<String, Alert> firing = new TreeMap<>();
        TreeSet<String> mutedFiring = new TreeSet<>();
        TreeMap<String, Alert> resolvedTold = new TreeMap<>();
        TreeMap<String, Alert> remaining = new TreeMap<>();
        for (Map.Entry<String, Alert> e : g.alerts().entrySet()) {
            Alert a = e.getValue();
            if (AlertGroup.firing(a, now)) {
                remaining.put(e.getKey(), a);
                if (muted.test(a)) {
                    mutedFiring.add(e.getKey());
                } else {
                    firing.put(e.getKey(), a);
                }
            } else if (AlertGroup.resolved(a, now)) {
                if (g.told().containsKey(e.getKey())) {
                    resolvedTold.put(e.getKey(), asResolved(a));
                }
            } else {
                remaining.put(e.getKey(), a);
            }
        }
        boolean news = firing.entrySet().stream()
                .anyMatch(e -> !AlertGroup.episode(e.getValue()).equals(g.told().get(e.getKey())));
        Decision d;
        if (news) {
            d = Decision.NOTIFY_FIRING;
        } else if (!resolvedTold.isEmpty()) {
            d = Decision.NOTIFY_RESOLVED;
        } else if (firing.isEmpty()
                || g.toldAt() == null
                || now.isBefore(g.toldAt().plus(g.ref().timing().repeatInterval()))) {
            d = Decision.SKIP_NOTHING_NEW;
        } else {
            d = g.ack() != null ? Decision.SKIP_ACKNOWLEDGED : Decision.NOTIFY_REPEAT;
        }

        TreeMap<String, String> told = new TreeMap<>(g.told());
        Instant toldAt = g.toldAt();
        int sequence = g.sequence();
        List<Alert> alerts = List.of();
        AlertState status = null;
        if (d.notifies()) {
            told.keySet().retainAll(mutedFiring);
            firing.forEach((fp, a) -> told.put(fp, AlertGroup.episode(a)));
            toldAt = now;
            sequence++;
            List<Alert> out = new ArrayList<>(firing.values());
            out.addAll(resolvedTold.values());
            alerts = out;
            status = firing.isEmpty() ? AlertState.RESOLVED : AlertState.FIRING;
        }
        if (remaining.isEmpty() && told.isEmpty()) {
            return new Flush(d, status, alerts, List.copyOf(firing.values()), null);
        }
        AlertGroup after = new AlertGroup(
                g.ref(),
                g.opened(),
                remaining,
                told,
                toldAt,
                now,
                sequence,
                null,
                g.ack(),
                g.ackTold(),
                g.escalation());
        return new Flush(
                d,
                status,
                alerts,
                List.copyOf(firing.values()),
                after.withDue(nextDue(after, firing, !mutedFiring.isEmpty(), now)));
    }

    /**
     * When the group must be looked at again without new input: for a repeat (unless
     * acknowledged), when a firing alert's endsAt passes, and every group_interval while some
     * alert is muted, so that a silence that ends is noticed.
     */
    private static Instant nextDue(AlertGroup g, Map<String, Alert> firing, boolean anyMuted, Instant now) {
        Instant due = null;
        if (!firing.isEmpty() && g.toldAt() != null && g.ack() == null) {
            due = g.toldAt().plus(g.ref().timing().repeatInterval());
        }
        if (anyMuted) {
            due = AlertGroup.earlier(due, now.plus(g.ref().timing().groupInterval()));
        }
        for (Alert a : g.alerts().values()) {
            if (a.endsAt() != null && AlertGroup.firing(a, now)) {
                due = AlertGroup.earlier(due, a.endsAt());
            }
        }
        return due;
    }

    /** An alert whose endsAt passed is told as resolved. */
    private static Alert asResolved(Alert a) {
        if (a.state() == AlertState.RESOLVED) {
            return a;
        }
        return new Alert(
                a.labels(),
                a.annotations(),
                AlertState.RESOLVED,
                a.value(),
                a.startsAt(),
                a.endsAt(),
                a.source(),
                a.ruleVersion(),
                a.generatorURL());
    }
}
