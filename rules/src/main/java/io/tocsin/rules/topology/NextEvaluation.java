package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.util.List;

/**
 * When the judgement time alone (the wall clock, held back to where the input stands) could next change what an evaluation of a group decides: the first
 * millisecond at which a bucket enters or leaves the window (or a spike's baseline), settles,
 * is pruned, when an absence's newest sample falls out of the window, or when a "not watched
 * long enough yet" gate opens. Between such moments an inactive group's evaluation returns the
 * same verdict, so ticks may skip it. A pending or firing group is due at every tick: its
 * {@code for}, {@code keep_firing_for} and resend clocks and its last-held time move with now.
 * Likewise predict_linear, which extrapolates from now. Pure: table-tested.
 */
final class NextEvaluation {
    private NextEvaluation() {}

    /** @return a time after {@code now}, or {@link Long#MAX_VALUE} when only new data can change the verdict */
    static long after(long now, Rule rule, GroupState state, List<Bucket> ring, long graceMs) {
        if (state.status().phase() != Phase.INACTIVE || rule.aggregate() == Aggregation.PREDICT_LINEAR) {
            return now + 1;
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
        return next;
    }

    private static long earliest(long best, long now, long candidate) {
        return candidate > now && candidate < best ? candidate : best;
    }
}
