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
     * @param now the judgement time: the wall clock, held back to where the input stands
     * @param observedSinceMs since when the group has been watched
     */
    static OptionalDouble of(Rule rule, RingMerges ring, long observedSinceMs, long now) {
        long to = now - explicitGraceMs(rule);
        long from = to - rule.window().toMillis();
        if (rule.aggregate() == Aggregation.SPIKE) {
            if (now - observedSinceMs < rule.historyMs()) {
                return OptionalDouble.empty(); // no baseline yet: a first burst is not a spike of anything known
            }
            long base = from - rule.baseline().toMillis();
            return Aggregates.spike(
                    ring.merged(from, to),
                    Window.merged(ring.ring(), base, from - 1),
                    rule.window().toMillis(),
                    rule.baseline().toMillis());
        }
        Partial merged;
        if (rule.aggregate() == Aggregation.ABSENT) {
            merged = ring.merged(from - rule.bucketMs(), to); // the sample times decide, see Aggregates
        } else if (readsCompleteBuckets(rule)) {
            merged = ring.mergedComplete(from, to, rule.bucketMs());
        } else {
            merged = ring.merged(from, to);
        }
        OptionalDouble value = Aggregates.value(rule, merged, to);
        if (rule.aggregate() == Aggregation.ABSENT
                && now - observedSinceMs < rule.window().toMillis()) {
            return OptionalDouble.of(0); // not yet watched for a whole window: silence proves nothing
        }
        return value;
    }

    /**
     * A rule's own {@code grace}: late data it waits for beyond its input's watermark. The fixed
     * settle it used to default to is gone: the watermark says when a window's data is complete.
     */
    static long explicitGraceMs(Rule rule) {
        return rule.graceMs(Duration.ZERO);
    }

    /** When a rule can first read data whose newest sample is at {@code newestTs}. */
    static long readableFrom(Rule rule, long newestTs) {
        return newestTs + explicitGraceMs(rule) + (readsCompleteBuckets(rule) ? 1 : 0);
    }

    /**
     * A ratio or a histogram quantile combines series whose data reach stage 2 from different
     * partitions: judged on a bucket that one source has filled further than another, one side
     * could be counted before the other (a 5xx before its request). Such rules read only buckets
     * complete before the judgement time, which stays at or behind every source's watermark: a
     * bucket is read as soon as every source has passed its newest data, not when it closes (a
     * bucket of a 1m window is 2 s wide; waiting for it to close made such rules 1–2 s late).
     */
    static boolean readsCompleteBuckets(Rule rule) {
        return rule.graceMs(Duration.ofMillis(1)) > 0;
    }
}
