package io.tocsin.notifier.dispatch;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the dispatch asks Kafka Streams for a commit: at once when the stream thread has not
 * committed output for {@link #GAP_MS}, and once more at once within that gap (an alert's route
 * commit and its group's flush a moment later); beyond that, once {@link #GAP_MS} has passed since
 * the last commit ended.
 *
 * <p>Output reaches the next stage (and decisions reach delivery) only when its transaction
 * commits, so the stages ask for a commit as soon as they forward. Asked after every record, an
 * exactly-once commit (producer flush, offsets, end of transaction: tens of milliseconds on a busy
 * machine) followed every one or two records, and the stream thread halves its batch after each
 * commit: under load about 200 alerts/s reached the groups. Paced, a lone alert or decision still
 * commits at once (the first notification of a group leaves at group_wait), and under load each
 * commit carries everything processed in the gap before it.
 *
 * <p>One pacer per stream thread: with exactly-once v2 a thread's tasks share one producer, so a
 * commit asked by one task commits them all.
 */
final class CommitPacer {
    /** The least processing time between two paced commits; also the most a paced request waits. */
    static final long GAP_MS = 50;

    private static final ThreadLocal<CommitPacer> BY_THREAD = ThreadLocal.withInitial(CommitPacer::new);

    /** Before this moment a request is paced (after the one allowed at once). */
    private long gapEndsAtMs = Long.MIN_VALUE;
    /** The one commit allowed at once within the gap was used. */
    private boolean burstUsed;
    /** A commit was asked and has not run yet: requests until then go with it. */
    private boolean asked;
    /** A commit that carried output ran (its pre-commit hook was seen), and the thread has not been seen working since. */
    private boolean committing;
    /** Output was forwarded since the last commit. */
    private boolean carrying;
    /** Who asked for a commit that waits, or null. */
    private ProcessorContext<?, ?> waiting;

    static CommitPacer ofThisThread() {
        return BY_THREAD.get();
    }

    /** The stage just forwarded output that should be committed soon. */
    void request(ProcessorContext<?, ?> context) {
        long now = context.currentSystemTimeMs();
        seen(now);
        carrying = true;
        if (asked) {
            return;
        }
        if (now >= gapEndsAtMs) {
            burstUsed = false;
            ask(context);
        } else if (!burstUsed) {
            burstUsed = true;
            ask(context);
        } else {
            waiting = context;
        }
    }

    /** From a wall-clock punctuator: asks for a waiting commit once its gap has passed. */
    void tick(long now) {
        seen(now);
        if (waiting != null && !asked && now >= gapEndsAtMs) {
            ask(waiting);
        }
    }

    /**
     * As a commit is prepared (a stage's pre-commit hook): what waited goes with it. The gap is
     * counted from the first moment the thread is seen working again, the end of the commit. A
     * commit that carried no output (the commit interval, with the stages' 10 ms timers making
     * every task due) sets no gap: else an idle notifier would hold a new group's first
     * notification back.
     */
    void committed() {
        committing = carrying;
        carrying = false;
        asked = false;
        waiting = null;
    }

    /** A processor closes: a request of its task no longer needs a commit. */
    void forget(ProcessorContext<?, ?> context) {
        if (waiting == context) {
            waiting = null;
        }
    }

    private void ask(ProcessorContext<?, ?> context) {
        context.commit();
        asked = true;
        waiting = null;
    }

    private void seen(long now) {
        if (committing) {
            committing = false;
            gapEndsAtMs = now + GAP_MS;
        }
    }
}
