package io.tocsin.rules.topology;

/**
 * When a rules stage next needs the wall clock, rather than a tick every few milliseconds. Kafka
 * Streams commits a task after every punctuation, whatever it did, and under exactly-once a commit
 * is a transaction: stage 1's 100 ms flush tick and stage 2's 1 s tick made an idle rules
 * application commit ten transactions a second, most of its broker's idle work (issue 20). Each
 * stage therefore punctuates only when something of its own is due. Pure: table-tested.
 */
final class NextWake {
    /** No punctuation is needed: only input can change anything. */
    static final long NEVER = Long.MAX_VALUE;

    private NextWake() {}

    /**
     * Stage 1: partials gathered and not yet sent go out a flush interval after the oldest of them
     * was gathered, if no commit took them before; the source's progress goes out when its clock
     * says so (turning idle, the keep-alive).
     *
     * @param oldestBufferedMs when the oldest partial not yet sent was gathered; MAX_VALUE when none
     * @param progressDueMs when the source's progress is next due by the clock alone ({@link SourceClock#nextDue})
     */
    static long stage1(long oldestBufferedMs, long flushIntervalMs, long progressDueMs) {
        long flush = oldestBufferedMs == Long.MAX_VALUE ? NEVER : oldestBufferedMs + flushIntervalMs;
        return Math.min(flush, progressDueMs);
    }

    /**
     * Stage 2: at the first group's due time, but never sooner than an evaluation interval after
     * the last tick. A pending or firing group is due at its window edges and its own clocks
     * ({@link NextEvaluation}: for, resend, keep_firing_for), not at every tick; a group due at a bucket boundary is judged at that
     * boundary when the stage has been quiet, and within an evaluation interval of it otherwise,
     * as with a fixed tick.
     *
     * @param firstDueMs the earliest due time over every input, MAX_VALUE when none is due by the clock
     * @param mustTick the tick has work regardless of due times: the rule set changed since the last
     *     tick (every group is evaluated once), or a selection-wide absence group is awaited
     */
    static long stage2(long firstDueMs, long lastTickMs, long evalIntervalMs, boolean mustTick) {
        long cadence = lastTickMs + evalIntervalMs;
        if (mustTick) {
            return cadence;
        }
        return firstDueMs == Long.MAX_VALUE ? NEVER : Math.max(firstDueMs, cadence);
    }

    /**
     * Stage 2, per input share: when the wall clock alone brings its first group due. A share whose
     * judgement time ({@link JudgementTimes#until}) lags the clock is held by its input's progress:
     * the low watermark of a busy source, or a push read in part, moves only when a record from
     * stage 1 says so, and that record is judged at once ({@code GroupStage.process}). Until then
     * a tick judges what is due up to that judgement time and nothing after it, whatever the
     * clock says: ticking every evaluation interval while such a share waits (at rest, the ten
     * seconds after each self-scrape until its sources turn idle) changed no judgement and cost a
     * transaction each time (issue 20). A share whose judgement time is unknown waits for its
     * sources' first reports, records too.
     *
     * @param firstDueMs the share's earliest due time, MAX_VALUE when none
     * @param judgedUntilMs the share's judgement time now; {@link InputProgress#UNKNOWN} while unknown
     * @return its first due time when the clock can bring it; {@link #NEVER} when only input can
     */
    static long byClock(long firstDueMs, long judgedUntilMs, long nowMs) {
        if (judgedUntilMs == InputProgress.UNKNOWN) {
            return NEVER;
        }
        if (judgedUntilMs < nowMs && firstDueMs > judgedUntilMs) {
            return NEVER; // due after where its input stands: the input's progress, not the clock
        }
        return firstDueMs;
    }

    /** The first multiple of {@code gridMs} after {@code afterMs}: periodic work of every task falls in one commit. */
    static long nextOnGrid(long afterMs, long gridMs) {
        return Math.floorDiv(afterMs, gridMs) * gridMs + gridMs;
    }
}
