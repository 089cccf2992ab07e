package io.tocsin.rules.topology;

/**
 * Which moments a group is judged at, besides its input's judgement time t1, when that time jumped
 * past window edges since the input was last judged (t0): a stage-1 source that stalled and then
 * delivered its backlog at once, a replayed backlog read faster than the clock. Judged only at t1,
 * a breach held between t0 and t1 in a window shorter than the jump was never seen (issue 20,
 * session 15); an evaluation every interval over the same samples fires and resolves it. The
 * edges themselves come from {@link NextEvaluation} (where the clock alone can change a verdict);
 * this says which of them are judged. Pure: table-tested.
 *
 * <p>Edge evaluation adds only truths: every edge judged is at or before t1, a time the input
 * has wholly reached, over a window the ring still holds whole (see {@link #from}).
 */
final class PassedEdges {
    /** No edge is judged: t1's own evaluation stands for whatever was passed. */
    static final long NONE = Long.MIN_VALUE;

    /**
     * Edges a ring's buckets can give: a bucket enters a window, its newest sample can be judged, it
     * settles, leaves the window, is pruned, and for an absence leaves the wider window and ages out
     * ({@link NextEvaluation#after}); one more for a spike's baseline. Eight, rounded up.
     */
    static final int EDGES_PER_BUCKET = 8;

    /** A state machine's own clocks between two buckets' edges: for, keep_firing_for (and the moment before), resend. */
    static final int STATE_CLOCKS = 8;

    /**
     * However big the ring, a catch-up is bounded: one group's catch-up is at most this many
     * evaluations, each O(ring). A ring holds the input's retention (about 30 buckets a window, 120
     * for a spike), plus at a start at most {@link #CATCH_UP_BUCKETS}, so this binds only where a
     * backlog filled a ring far past them.
     */
    static final int MAX_EDGES = 4096;

    /**
     * While an input's judgement time is unknown (a task's start, until every source said how far
     * it has read), its rings keep what arrives back to where the input was last judged before
     * the start, but at most this many buckets before now: the edges of a longer outage before
     * that are not judged, which bounds the memory a backlog holds and a start's work.
     */
    static final int CATCH_UP_BUCKETS = 128;

    private PassedEdges() {}

    /**
     * @param judgedBefore the input's last judgement time in this task's life (t0); {@link
     *     InputProgress#UNKNOWN} when it was never judged since the task started
     * @param prunedFor the newest judgement time the input's rings were pruned for: a window ending
     *     before it may have lost its older buckets, so no edge before it is judged (a window read
     *     with buckets missing would be a false value, a false absence or resolve)
     * @param t1 the judgement time now
     * @param bucketMs the width of the input's buckets
     * @return the time after which edges are judged, or {@link #NONE} when t1 is at most a bucket past
     *     it: in normal running the judgement time advances by less, and nothing extra is evaluated
     */
    static long from(long judgedBefore, long prunedFor, long t1, long bucketMs) {
        if (judgedBefore == InputProgress.UNKNOWN) {
            return NONE;
        }
        long from = prunedFor > judgedBefore ? prunedFor - 1 : judgedBefore; // edges at prunedFor or later
        return t1 - from > bucketMs ? from : NONE;
    }

    /**
     * Whether the next edge is judged on its own. An edge within a bucket of t1 is left to t1's own
     * evaluation, which follows: a window's value moves by less than a bucket between them (the
     * transition is stamped at t1, at most a bucket late, as a tick that runs late stamps it today),
     * and in normal running a group due at an edge is judged a few milliseconds after it, once.
     *
     * @param edge the next moment the verdict could change ({@link NextEvaluation#edgeAfter})
     * @param judged how many evaluations this catch-up has made
     * @param cap {@link #cap}
     */
    static boolean judges(long edge, long t1, long bucketMs, int judged, int cap) {
        return edge <= t1 - bucketMs && judged < cap;
    }

    /**
     * The most evaluations one catch-up makes. Safe: between two edges a window's value does not
     * change, and a ring of n buckets gives at most {@link #EDGES_PER_BUCKET} n edges, plus the state
     * machine's clocks; so a catch-up that reaches the cap has judged every edge its ring can hold,
     * unless the ring is past {@link #MAX_EDGES}, which bounds the work of one group on the stream
     * thread. Edges left over are judged at t1, as before this class existed.
     */
    static int cap(int ringBuckets) {
        // two evaluations an edge at most: a firing group kept by keep_firing_for is also judged
        // the moment before it, where it last held (see GroupJudge)
        return (int) Math.min(MAX_EDGES, 2 * ((long) EDGES_PER_BUCKET * ringBuckets + STATE_CLOCKS));
    }
}
