package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.Rule;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Stage 2's gate for shares judged by push arrival ({@link io.tocsin.core.wire.PushStamp}): a
 * share whose rules combine series (a ratio, a histogram) takes a push's parts into its windows
 * only once every partition the push touched has been read, so a window never holds half a push
 * (a ratio's 5xx without its requests). A share that meets data without stamps (an older writer,
 * the rules' own output) is judged as before stamps from then on, by event time and closed
 * buckets, and what it held is released.
 */
final class WholePushes {
    /** Where a part goes once it may be judged: the share's window ring for that group. */
    interface Ring {
        void add(InputShare input, Labels group, long bucketStart, Partial partial);
    }

    private final AheadStore ahead;
    private final InputProgress progress;
    /** Shares that got data without stamps since the task started. */
    private final Set<String> unstamped = new HashSet<>();

    WholePushes(AheadStore ahead, InputProgress progress) {
        this.ahead = ahead;
        this.progress = progress;
    }

    /** Whether the share's windows are judged by push arrival. */
    boolean byArrival(InputShare input) {
        return WindowReading.combinesSeries(input.rules()) && !unstamped.contains(input.id());
    }

    /** A part of a share's data (not a heartbeat): into its ring now, or held until its push is whole. */
    void offer(BucketUpdate u, InputShare input, Labels group, InputShares shares, Ring ring) {
        if (byArrival(input) && !u.stamped()) {
            unstamped.add(input.id());
            release(shares, ring);
        }
        if (u.stamped() && byArrival(input) && wholeThrough(input, u.writer()) < u.arrivalMs()) {
            ahead.hold(new AheadKey(input.id(), group, u.bucketStart(), u.writer(), u.arrivalMs()), u.partial());
        } else {
            ring.add(input, group, u.bucketStart(), u.partial());
        }
    }

    /**
     * Moves the parts of every push now whole (or of a share no longer judged by arrival, or
     * whose rules are gone) into their rings, oldest push first.
     */
    void release(InputShares shares, Ring ring) {
        if (ahead.isEmpty()) {
            return;
        }
        for (Map.Entry<AheadKey, Partial> e : ahead.release((inputId, writer) -> {
            InputShare input = shares.get(inputId);
            return input == null || !byArrival(input) ? Long.MAX_VALUE : wholeThrough(input, writer);
        })) {
            AheadKey k = e.getKey();
            InputShare input = shares.get(k.inputId());
            if (input != null) {
                ring.add(input, k.group(), k.bucketStart(), e.getValue());
            }
        }
    }

    /** Writes the held parts that changed, as a commit is prepared. */
    void writeBack() {
        ahead.writeBack();
    }

    /**
     * Up to when the share's windows can be judged by arrival; {@link InputProgress#UNKNOWN} until known.
     *
     * @param keep false: without holding the answer as the share's new floor (planning, not judging)
     */
    long judgedUntil(InputShare input, long now, boolean keep) {
        return progress.arrivalJudgedUntil(inputOf(input.first()), input.id(), now, keep);
    }

    private long wholeThrough(InputShare input, String writer) {
        return progress.wholeThrough(inputOf(input.first()), writer);
    }

    static Progress.Input inputOf(Rule rule) {
        return rule.logs() != null ? Progress.Input.LOGS : Progress.Input.SAMPLES;
    }
}
