package io.tocsin.notifier.dispatch;

import java.time.Duration;
import java.time.Instant;

/**
 * A group's flush times, as Alertmanager's aggregation group keeps them: the first flush comes
 * group_wait after the group opened (at once for an alert that started longer than group_wait
 * ago), and every later one exactly group_interval after the one before, whether or not it told
 * anything. Tocsin does not wake a group at ticks where nothing can change; it computes the tick
 * at which something can, which gives the same moments. Pure.
 */
final class Ticks {
    private Ticks() {}

    /** The first flush of a group opened at {@code opened}: group_wait later. */
    static Instant first(AlertGroup g) {
        return g.opened().plus(g.ref().timing().groupWait());
    }

    /** The earliest tick at or after {@code t}; before the first flush, the first tick (or t once that passed). */
    static Instant atOrAfter(AlertGroup g, Instant t) {
        Instant anchor = g.flushedAt();
        if (anchor == null) {
            Instant first = first(g);
            return t.isAfter(first) ? t : first;
        }
        long interval = g.ref().timing().groupInterval().toNanos();
        long since = Duration.between(anchor, t).toNanos();
        long k = since <= 0 ? 1 : Math.max(1, ceilDiv(since, interval));
        return anchor.plusNanos(k * interval);
    }

    /** The earliest tick strictly after {@code t}. */
    static Instant after(AlertGroup g, Instant t) {
        return atOrAfter(g, t.plusNanos(1));
    }

    /**
     * The tick a flush at {@code now} stands for: the latest tick at or before now. A flush runs
     * a few milliseconds after its tick, or much later after a restart; either way the group's
     * ticks stay where they were, and missed ticks are not replayed one by one.
     */
    static Instant latestAtOrBefore(AlertGroup g, Instant now) {
        Instant anchor = g.flushedAt();
        if (anchor == null) {
            Instant due = g.due() == null ? now : g.due();
            return due.isAfter(now) ? now : due;
        }
        long interval = g.ref().timing().groupInterval().toNanos();
        long since = Duration.between(anchor, now).toNanos();
        if (since <= 0) {
            return anchor;
        }
        return anchor.plusNanos((since / interval) * interval);
    }

    /** Whether {@code t} is one of the group's ticks (any time is, before the first flush). */
    static boolean isTick(AlertGroup g, Instant t) {
        Instant anchor = g.flushedAt();
        if (anchor == null) {
            return true;
        }
        long since = Duration.between(anchor, t).toNanos();
        return since > 0 && since % g.ref().timing().groupInterval().toNanos() == 0;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
