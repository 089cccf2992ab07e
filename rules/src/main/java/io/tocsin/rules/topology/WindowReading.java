package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Aggregates;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.time.Duration;
import java.util.OptionalDouble;

/** What a rule's window over a group's ring reads at a judgement time. Pure. */
final class WindowReading {
    private WindowReading() {}

    /**
     * What a window read: the value its condition looks at, and the time of the newest sample in it
     * ({@link Long#MIN_VALUE} when none), which may be after the judgement time: a window that reads
     * its open bucket reads the samples a partition ahead of the watermark brought
     * ({@link TransitionStamp}).
     */
    record Reading(OptionalDouble value, long newestMs) {}

    /**
     * @param now the judgement time: the wall clock, held back to where the input stands
     * @param observedSinceMs since when the group has been watched
     * @param byArrival the ring holds only whole pushes and {@code now} is a push arrival time: the
     *     window reads its newest bucket too, as Prometheus reads at t every sample appended by t
     */
    static Reading of(Rule rule, RingMerges ring, long observedSinceMs, long now, boolean byArrival) {
        long to = now - explicitGraceMs(rule);
        long from = to - rule.window().toMillis();
        if (rule.aggregate() == Aggregation.SPIKE) {
            Partial recent = ring.merged(from, to);
            if (now - observedSinceMs < rule.historyMs()) {
                // no baseline yet: a first burst is not a spike of anything known
                return new Reading(OptionalDouble.empty(), newest(recent));
            }
            long base = from - rule.baseline().toMillis();
            return new Reading(
                    Aggregates.spike(
                            recent,
                            Window.merged(ring.ring(), base, from - 1),
                            rule.window().toMillis(),
                            rule.baseline().toMillis()),
                    newest(recent));
        }
        Partial merged;
        if (rule.aggregate() == Aggregation.ABSENT) {
            merged = ring.merged(from - rule.bucketMs(), to); // the sample times decide, see Aggregates
        } else if (readsClosedBuckets(rule) && !byArrival) {
            merged = ring.mergedClosed(from, to, rule.bucketMs());
        } else {
            merged = ring.merged(from, to);
        }
        OptionalDouble value = Aggregates.value(rule, merged, to);
        if (rule.aggregate() == Aggregation.ABSENT
                && now - observedSinceMs < rule.window().toMillis()) {
            value = OptionalDouble.of(0); // not yet watched for a whole window: silence proves nothing
        }
        return new Reading(value, newest(merged));
    }

    /** The newest sample of a merged window, of either side of a ratio. */
    private static long newest(Partial p) {
        if (p == null) {
            return Long.MIN_VALUE;
        }
        return p.over() == null ? p.lastTs() : Math.max(p.lastTs(), p.over().lastTs());
    }

    /**
     * A rule's own {@code grace}: late data it waits for beyond its input's watermark. The fixed
     * settle it used to default to is gone: the watermark says when a window's data is complete.
     */
    static long explicitGraceMs(Rule rule) {
        return rule.graceMs(Duration.ZERO);
    }

    /**
     * A ratio or a histogram quantile combines series whose data reach stage 2 from different
     * partitions: judged inside a bucket, one side could be counted before the other (a 5xx
     * before its request). Such rules read only buckets wholly before the judgement time.
     */
    private static boolean readsClosedBuckets(Rule rule) {
        return rule.graceMs(Duration.ofMillis(1)) > 0;
    }

    /**
     * Whether a share's rules combine series that reach stage 2 from several sources: then the
     * share waits for every busy source of its input, not only those that fed it (a side of a
     * ratio may first come from a source that has not fed the share yet).
     */
    static boolean combinesSeries(Iterable<Rule> rules) {
        for (Rule rule : rules) {
            if (readsClosedBuckets(rule)) {
                return true;
            }
        }
        return false;
    }
}
