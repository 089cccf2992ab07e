package io.tocsin.rules.topology;

/**
 * The moment an evaluation stands for: what a state machine's transition is stamped with
 * (startsAt, endsAt, the pending start, the firing after {@code for}). Pure: table-tested.
 *
 * <p>A share judged by event time is judged up to the low watermark of the partitions that feed
 * it, but its windows read the open bucket: a group whose newest sample came from a partition ahead
 * of the others reads that sample while the judgement time is still the slower partition's last
 * push. Stamped at the judgement time, a gauge's breach said startsAt a push before the breach
 * sample itself (issue 20, session 13: gauge rows a second early). Prometheus evaluates at t on
 * the samples appended by t, so the first evaluation that can see a sample is at its time or later.
 * Reading a sample ahead of the watermark is kept (a gauge fires when its breach comes, not when
 * the slowest partition catches up); the transition is stamped where that sample puts it.
 */
final class TransitionStamp {
    private TransitionStamp() {}

    /**
     * @param judgedUntil the judgement time: the wall clock, held back to where the input stands
     * @param newestRead  the time of the newest sample the window read; {@link Long#MIN_VALUE} when it
     *     read none
     * @param graceMs     the rule's own grace: a window judged at t reads samples up to t − grace, so
     *     a sample at s is read at s + grace
     * @param wallClockMs when the evaluation runs: a transition is not stamped after the moment it was
     *     decided (a writer's clock ahead of ours)
     * @return the later of the judgement time and the moment the newest sample read could first be read,
     *     never after the wall clock (unless the judgement time is)
     */
    static long at(long judgedUntil, long newestRead, long graceMs, long wallClockMs) {
        if (newestRead == Long.MIN_VALUE) {
            return judgedUntil;
        }
        long readAt = Math.min(newestRead + graceMs, wallClockMs);
        return Math.max(judgedUntil, readAt);
    }
}
