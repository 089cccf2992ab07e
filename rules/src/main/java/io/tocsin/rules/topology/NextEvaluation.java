package io.tocsin.rules.topology;

import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.util.List;

/**
 * When the judgement time alone (the wall clock, held back to where the input stands) could next change what an evaluation of a group decides: the first
 * millisecond at which a bucket enters or leaves the window (or a spike's baseline), settles,
 * is pruned, when an absence's newest sample falls out of the window, or when a "not watched
 * long enough yet" gate opens. Between such moments the verdict stays the same, so ticks may
 * skip the group. A pending or firing group adds its own clocks: a pending one fires when its
 * {@code for} has run, a firing one is re-published a resend interval after its last
 * publication, and one kept firing by {@code keep_firing_for} resolves when that has run since
 * it last held. An always-firing rule (the pipeline's watchdog) thus costs stage 2 a tick at its
 * window edges and resends, not one every evaluation interval, which made an idle rules
 * application commit a transaction a second (issue 20). Two cases stay due at every tick:
 * predict_linear extrapolates from now, and a firing group with {@code keep_firing_for} whose
 * condition holds: its last-held time must follow the clock, since keep_firing_for counts from
 * the last evaluation at which the condition held. Pure: table-tested.
 */
final class NextEvaluation {
    private NextEvaluation() {}

    /**
     * @param now the judgement time of the evaluation that just ran
     * @param resendMs how often a firing alert is re-published
     * @return a time after {@code now}, or {@link Long#MAX_VALUE} when only new data can change the verdict
     */
    static long after(long now, Rule rule, GroupState state, List<Bucket> ring, long graceMs, long resendMs) {
        return after(now, rule, state, ring, graceMs, resendMs, true);
    }

    /**
     * The next edge after {@code now} for judging passed edges ({@link PassedEdges}): as {@link
     * #after}, except that a firing group held by keep_firing_for is not due at every millisecond
     * (its condition holds until the next edge: the caller judges the moment before it). Not for
     * predict_linear, which has no edges.
     */
    static long edgeAfter(long now, Rule rule, GroupState state, List<Bucket> ring, long graceMs, long resendMs) {
        return after(now, rule, state, ring, graceMs, resendMs, false);
    }

    private static long after(
            long now, Rule rule, GroupState state, List<Bucket> ring, long graceMs, long resendMs, boolean followHold) {
        if (rule.aggregate() == Aggregation.PREDICT_LINEAR) {
            return now + 1;
        }
        // never at or before now: a clock that has run is acted on at the next tick
        long clock = Math.max(stateClock(now, rule, state.status(), resendMs, followHold), now + 1);
        if (clock == now + 1) {
            return clock;
        }
        if (ring.isEmpty() && rule.aggregate() != Aggregation.ABSENT) {
            return now + 1; // the next tick forgets it
        }
        long window = rule.window().toMillis();
        long width = rule.bucketMs();
        boolean absence = rule.aggregate() == Aggregation.ABSENT;
        boolean spike = rule.aggregate() == Aggregation.SPIKE;
        long next = Long.MAX_VALUE;
        for (Bucket b : ring) {
            long s = b.start() + graceMs;
            next = earliest(next, now, s); // enters an open window
            next = earliest(next, now, b.partial().lastTs() + graceMs); // its newest data can be judged
            next = earliest(next, now, s + width); // settles: enters a closed window
            next = earliest(next, now, s + window + 1); // leaves the window (and enters a spike's baseline)
            next = earliest(next, now, s + rule.historyMs() + width + 1); // pruned
            if (absence) {
                next = earliest(next, now, s + window + width + 1); // leaves an absence's wider window
                next = earliest(next, now, b.partial().lastTs() + graceMs + window + 1); // its newest sample ages out
            }
            if (spike) {
                next = earliest(next, now, s + rule.historyMs() + 1); // leaves the baseline
            }
        }
        if (absence) {
            next = earliest(next, now, state.observedSinceMs() + window); // watched a whole window
        }
        if (spike) {
            next = earliest(next, now, state.observedSinceMs() + rule.historyMs()); // a baseline exists
        }
        return earliest(next, now, clock);
    }

    /** The next moment the state machine's own clocks act, whatever the window holds. */
    private static long stateClock(long now, Rule rule, AlertStatus s, long resendMs, boolean followHold) {
        switch (s.phase()) {
            case PENDING:
                return s.activeSinceMs() + rule.forDuration().toMillis(); // the for has run: it fires
            case FIRING:
                long keepMs = rule.keepFiringFor().toMillis();
                long resend = s.lastEmittedMs() + resendMs;
                if (keepMs == 0) {
                    return resend;
                }
                if (s.lastHeldMs() >= now) {
                    // holds: its last-held time must follow the clock
                    return followHold ? now + 1 : resend;
                }
                return Math.min(resend, s.lastHeldMs() + keepMs); // kept: resolves when keep_firing_for has run
            case INACTIVE:
            default:
                return Long.MAX_VALUE;
        }
    }

    private static long earliest(long best, long now, long candidate) {
        return candidate > now && candidate < best ? candidate : best;
    }
}
