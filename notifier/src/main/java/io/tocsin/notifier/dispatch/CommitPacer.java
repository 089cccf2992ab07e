package io.tocsin.notifier.dispatch;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the dispatch asks Kafka Streams for a commit: at once when the stream thread has not
 * committed for {@link #GAP_MS}, else once that much time has passed since the last commit ended.
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
 *
 * <p>A deferred request is released by a one-shot punctuation of the task that asked, scheduled
 * for the end of the gap, not by a periodic tick: Streams commits a task after every punctuation,
 * so a standing 10 ms tick would make an idle notifier run ten transactions a second (issue 20).
 */
final class CommitPacer {
    /** The least processing time between two asked commits; also the most a request waits. */
    static final long GAP_MS = 50;

    private static final ThreadLocal<CommitPacer> BY_THREAD = ThreadLocal.withInitial(CommitPacer::new);

    /** Before this moment a request waits; {@link Long#MAX_VALUE} while a commit is asked or running. */
    private long allowedAtMs = Long.MIN_VALUE;
    /** A commit ran (its pre-commit hook was seen) and the thread has not been seen working since. */
    private boolean committing;
    /** Who asked for a commit that waits, or null. */
    private ProcessorContext<?, ?> waiting;
    /** Output was forwarded since the last commit. */
    private boolean carrying;
    /** The punctuation that releases {@link #waiting} at the end of the gap, or null. */
    private Cancellable release;

    static CommitPacer ofThisThread() {
        return BY_THREAD.get();
    }

    /** The stage just forwarded output that should be committed soon. */
    void request(ProcessorContext<?, ?> context) {
        long now = context.currentSystemTimeMs();
        seen(now);
        carrying = true;
        if (now >= allowedAtMs) {
            context.commit();
            allowedAtMs = Long.MAX_VALUE;
            clearWaiting();
        } else {
            waiting = context;
            // While a commit is asked or running (allowedAtMs at MAX) the request goes with it.
            if (release == null && allowedAtMs != Long.MAX_VALUE) {
                release = context.schedule(
                        Duration.ofMillis(Math.max(1, allowedAtMs - now)), PunctuationType.WALL_CLOCK_TIME, this::tick);
            }
        }
    }

    /** From the release punctuation: asks for a waiting commit once its gap has passed. */
    void tick(long now) {
        seen(now);
        if (waiting != null && now >= allowedAtMs) {
            waiting.commit();
            allowedAtMs = Long.MAX_VALUE;
            clearWaiting();
        }
    }

    /**
     * As a commit is prepared (a stage's pre-commit hook): what waited goes with it. The gap is
     * counted from the first moment the thread is seen working again, the end of the commit. A
     * commit that carried no output (the commit interval, with the stages' 10 ms timers making
     * every task due) sets no gap: else an idle notifier would hold a new group's first
     * notification back half the time.
     */
    void committed() {
        committing = carrying;
        carrying = false;
        clearWaiting();
    }

    /** A processor closes: a request of its task no longer needs a commit. */
    void forget(ProcessorContext<?, ?> context) {
        if (waiting == context) {
            clearWaiting();
        }
    }

    private void clearWaiting() {
        waiting = null;
        if (release != null) {
            release.cancel();
            release = null;
        }
    }

    private void seen(long now) {
        if (committing) {
            committing = false;
            allowedAtMs = now + GAP_MS;
        } else if (allowedAtMs == Long.MAX_VALUE && waiting == null) {
            // A commit was asked but its hook not seen (the asking task had nothing to flush):
            // do not stall later requests; the commit interval still commits.
            allowedAtMs = now + GAP_MS;
        }
    }
}
