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
 * @param alerts the alerts in the notification, in Alertmanager's order ({@link AlertOrder}); empty
 *               when nothing is told
 * @param firing the alerts firing and not muted at the flush, told or not
 * @param next   the group afterwards, or null once it holds nothing and its receiver believes nothing fires
 */
public record Flush(Decision decision, AlertState status, List<Alert> alerts, List<Alert> firing, AlertGroup next) {

    /** A flush at one of the group's ticks ({@link Ticks}). */
    public static Flush of(AlertGroup g, Instant now, Predicate<Alert> muted) {
        return of(g, now, true, muted);
    }

    /**
     * @param now    the tick the flush stands for, or the moment of an off-tick flush
     * @param onTick whether {@code now} is a group_interval tick; an off-tick flush (an
     *               acknowledgement, an escalation step, a resolve_wait) leaves the ticks where they are
     */
    public static Flush of(AlertGroup g, Instant now, boolean onTick, Predicate<Alert> muted) {
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
        } else if (firing.isEmpty() || g.toldAt() == null || !repeatDue(g, now)) {
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
            out.sort(AlertOrder.ALERTMANAGER);
            alerts = out;
            status = firing.isEmpty() ? AlertState.RESOLVED : AlertState.FIRING;
        }
        if (remaining.isEmpty() && told.isEmpty()) {
            return new Flush(d, status, alerts, List.copyOf(firing.values()), null);
        }
        AlertGroup after = new AlertGroup(
                g.ref(),
                g.opened(),
                AlertGroup.handOver(remaining),
                AlertGroup.handOver(told),
                toldAt,
                onTick ? now : g.flushedAt(),
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
     * Alertmanager's repeat test: the last notification is strictly older than repeat_interval at
     * this tick. Alertmanager logs a notification when it was sent, a moment after its tick, so a
     * repeat_interval that is a multiple of group_interval repeats one tick later than the
     * multiple; Tocsin records the tick itself, and the strict comparison gives the same tick.
     */
    static boolean repeatDue(AlertGroup g, Instant now) {
        return now.isAfter(g.toldAt().plus(g.ref().timing().repeatInterval()));
    }

    /**
     * The tick at which the group must be looked at again without new input: the first that
     * repeats (unless acknowledged), the first after a firing alert's endsAt passes, and the next
     * one while some alert is muted, so that a silence that ends is noticed.
     */
    private static Instant nextDue(AlertGroup g, Map<String, Alert> firing, boolean anyMuted, Instant now) {
        Instant due = null;
        if (!firing.isEmpty() && g.toldAt() != null && g.ack() == null) {
            due = Ticks.after(g, g.toldAt().plus(g.ref().timing().repeatInterval()));
        }
        if (anyMuted) {
            due = AlertGroup.earlier(due, Ticks.after(g, now));
        }
        for (Alert a : g.alerts().values()) {
            if (a.endsAt() != null && AlertGroup.firing(a, now)) {
                due = AlertGroup.earlier(due, Ticks.atOrAfter(g, a.endsAt()));
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
