package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.escalation.Escalation;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One aggregation group's state, the value of the group store: its alerts, what its receiver was
 * last told, and when it is next due. Methods are pure: they return the next state.
 *
 * @param opened    when this incarnation of the group opened (ids and group_wait count from it)
 * @param alerts    latest known alert per fingerprint; resolved ones stay until a flush dealt with them
 * @param told      fingerprint → startsAt of every alert the receiver believes is firing
 * @param toldAt    when the receiver was last told anything, null if never
 * @param flushedAt the group_interval tick the group was last flushed at (told or not), null
 *                  before the first flush; its later ticks follow from it ({@link Ticks})
 * @param sequence  how many notifications the group has produced
 * @param due       when the next flush is due, null while nothing can happen without new input
 * @param ack       who acknowledged the group, or null; kept until the group closes
 * @param ackTold   whether the receivers were told about the acknowledgement
 * @param escalation where the group is in its escalation policy, null if none started
 */
public record AlertGroup(
        GroupRef ref,
        Instant opened,
        SortedMap<String, Alert> alerts,
        SortedMap<String, String> told,
        Instant toldAt,
        Instant flushedAt,
        int sequence,
        Instant due,
        Acknowledgement ack,
        boolean ackTold,
        Escalation escalation) {

    public AlertGroup {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(opened, "opened");
        alerts = frozen(alerts);
        told = frozen(told);
    }

    /** The class of the maps this record holds (an unmodifiable view of a TreeMap no one else keeps). */
    private static final Class<?> FROZEN =
            Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    /**
     * A map the record can hold: copied, unless it is already one the record holds (every
     * {@code with...} of a group passes its maps on), or one that {@link #receive} or
     * {@link Flush} built and let go of. Copying both maps in every step made each alert into a
     * group of n alerts cost five O(n) copies.
     */
    private static <V> SortedMap<String, V> frozen(SortedMap<String, V> m) {
        if (m != null && m.getClass() == FROZEN) {
            return m; // possibly a view of a group's live members (HeldGroups), empty for a moment
        }
        if (m == null || m.isEmpty()) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    /** Hands a map this code built, and keeps no reference to, to the record without a copy. */
    static <V> SortedMap<String, V> handOver(TreeMap<String, V> built) {
        return Collections.unmodifiableSortedMap(built);
    }

    /** A new group, first due after group_wait. */
    public static AlertGroup open(GroupRef ref, Instant now) {
        return new AlertGroup(
                ref, now, null, null, null, null, 0, now.plus(ref.timing().groupWait()), null, false, null);
    }

    /** Whether the alert fires at {@code now}: firing, and not past an endsAt it was sent with. */
    public static boolean firing(Alert a, Instant now) {
        return a.state() == AlertState.FIRING
                && (a.endsAt() == null || a.endsAt().isAfter(now));
    }

    /** Whether the alert is over at {@code now}: resolved, or firing with an endsAt that has passed. */
    public static boolean resolved(Alert a, Instant now) {
        return a.state() == AlertState.RESOLVED
                || (a.state() == AlertState.FIRING
                        && a.endsAt() != null
                        && !a.endsAt().isAfter(now));
    }

    /** Which firing episode an alert is in, as kept in {@link #told}. */
    static String episode(Alert a) {
        return a.startsAt() == null ? "" : a.startsAt().toString();
    }

    /** Whether this alert means anything to the group: it fires, or it ends one the group holds. */
    public boolean concerns(Alert a, Instant now) {
        String fp = a.fingerprint();
        return firing(a, now) || (resolved(a, now) && (alerts.containsKey(fp) || told.containsKey(fp)));
    }

    /**
     * The group after an alert arrived: the alert is kept (merged with the one held, as
     * Alertmanager merges a re-post), and the next flush moves earlier when the receiver has
     * something new to hear, on Alertmanager's ticks ({@link Ticks}): news of a firing at the first
     * tick (group_wait after the group opened, or at once for an alert that started more than
     * group_wait ago and a group never flushed), or at the next group_interval tick after that; a
     * resolve the receiver must hear at the next tick (or within resolve_wait, when the route sets
     * it); an endsAt at the first tick after it passes.
     */
    public AlertGroup receive(GroupRef latest, Alert arrived, Instant now) {
        return receive(latest, List.of(arrived), now);
    }

    /** The group after these alerts arrived, one after the other, at {@code now}; one copy of the alerts. */
    public AlertGroup receive(GroupRef latest, Collection<Alert> arrivals, Instant now) {
        // Ticks are the group's as routed now (a config reload may change group_interval).
        AlertGroup timed = withRef(latest);
        TreeMap<String, Alert> nextAlerts = null;
        Instant nextDue = due;
        for (Alert arrived : arrivals) {
            String fp = arrived.fingerprint();
            Alert a = accept((nextAlerts == null ? alerts : nextAlerts).get(fp), arrived, now);
            if (a == null) {
                continue;
            }
            if (nextAlerts == null) {
                nextAlerts = new TreeMap<>(alerts);
            }
            nextAlerts.put(fp, a);
            nextDue = earlier(nextDue, timed.nextDue(fp, a, now));
        }
        if (nextAlerts == null) {
            return this;
        }
        return new AlertGroup(
                latest,
                opened,
                handOver(nextAlerts),
                told,
                toldAt,
                flushedAt,
                sequence,
                nextDue,
                ack,
                ackTold,
                escalation);
    }

    /**
     * The alert the group holds once {@code arrived} came, given the one it held ({@code held},
     * or null): merged as Alertmanager merges a re-post ({@link Reposts}); null when the alert
     * neither fires nor ends one the group holds (see {@link #concerns}). Reads only this alert's
     * entries, so the processor applies it to a group of any size in O(log n).
     */
    Alert accept(Alert held, Alert arrived, Instant now) {
        String fp = arrived.fingerprint();
        if (!(firing(arrived, now) || (resolved(arrived, now) && (held != null || told.containsKey(fp))))) {
            return null;
        }
        return Reposts.merge(held, arrived);
    }

    /**
     * When alert {@code a} (fingerprint {@code fp}), just accepted, wants the group flushed, or
     * null; on this group's ticks, so call it on the group with the ref it was routed with.
     */
    Instant nextDue(String fp, Alert a, Instant now) {
        Instant candidate = null;
        if (firing(a, now) && !episode(a).equals(told.get(fp))) {
            boolean overdue = flushedAt == null
                    && a.startsAt() != null
                    && a.startsAt().plus(ref.timing().groupWait()).isBefore(now);
            candidate = overdue ? now.plus(batch(ref)) : Ticks.atOrAfter(this, now);
        } else if (resolved(a, now) && told.containsKey(fp)) {
            candidate = Ticks.atOrAfter(this, now);
            if (ref.timing().resolveWait() != null) {
                candidate = earlier(candidate, now.plus(ref.timing().resolveWait()));
            }
        }
        if (firing(a, now) && a.endsAt() != null) {
            candidate = earlier(candidate, Ticks.atOrAfter(this, a.endsAt()));
        }
        return candidate;
    }

    /** Acknowledged at {@code now}: due at once, so that its receivers hear of it and escalation stops. */
    public AlertGroup acknowledged(Acknowledgement by, Instant now) {
        return new AlertGroup(ref, opened, alerts, told, toldAt, flushedAt, sequence, now, by, false, escalation);
    }

    /**
     * The least a new group waits at this stage for the rest of its first batch: the alerts of one
     * POST reach it through different Kafka partitions, a moment apart, where Alertmanager inserts
     * them at once. Half a second, or group_wait when shorter.
     */
    public static Duration batch(GroupRef ref) {
        Duration gw = ref.timing().groupWait();
        return gw.compareTo(BATCH) < 0 ? gw : BATCH;
    }

    private static final Duration BATCH = Duration.ofMillis(500);

    AlertGroup withRef(GroupRef latest) {
        return new AlertGroup(latest, opened, alerts, told, toldAt, flushedAt, sequence, due, ack, ackTold, escalation);
    }

    AlertGroup withDue(Instant nextDue) {
        return new AlertGroup(
                ref, opened, alerts, told, toldAt, flushedAt, sequence, nextDue, ack, ackTold, escalation);
    }

    AlertGroup withEscalation(Escalation e, int nextSequence, boolean ackIsTold) {
        return new AlertGroup(ref, opened, alerts, told, toldAt, flushedAt, nextSequence, due, ack, ackIsTold, e);
    }

    static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
