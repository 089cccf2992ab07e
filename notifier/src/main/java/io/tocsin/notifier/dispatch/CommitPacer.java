package io.tocsin.notifier.dispatch;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the dispatch asks Kafka Streams for a commit: at once unless the stream thread is busy and
 * committed a moment ago; then once it has worked {@link #WORK_PER_COMMIT} times as long as a
 * commit costs it, so that commits take at most a quarter of a busy thread's time.
 *
 * <p>Output reaches the next stage (and decisions reach delivery) only when its transaction
 * commits, so the stages ask for a commit as soon as they forward. Asked after every record, an
 * exactly-once commit (producer flush, offsets, end of transaction: tens of milliseconds on a busy
 * machine) followed every one or two records, and the stream thread halves its batch after each
 * commit: under load about 200 alerts/s reached the groups. A fixed 50 ms gap let commits take
 * half the thread's time when they cost 50 ms, and held back requests that came long after the
 * last commit (a new group's first notification waited 50 ms for nothing). Paced by cost, a lone
 * alert or decision still commits at once, and under load each commit carries everything
 * processed in the gap before it.
 *
 * <p>What a commit costs is measured, not configured: from the moment it is prepared (a stage's
 * pre-commit hook) to the moment its transaction has committed ({@link CommitTimedClients}). The
 * thread is busy when it went on working after that moment without a pause longer than a poll
 * (records were waiting); a request after a pause commits at once, however recent the commit.
 *
 * <p>One pacer per stream thread: with exactly-once v2 a thread's tasks share one producer, so a
 * commit asked by one task commits them all.
 *
 * <p>A deferred request is released by the next request after the gap or, when none comes, by a
 * one-shot punctuation of the task that asked, scheduled a little after the end of the gap (or,
 * for the first request after a commit, a few milliseconds later unless more records come in
 * meanwhile: a lone alert's next hop comes just after the commit that made it readable). Only
 * records polled after that first request move its release to the gap's end: requests made from
 * what was already polled (a record and a group's timer that fell due in the same round) are not
 * a stream of work, and holding a new group's first notification a whole gap for them made the
 * tail of first notifications at rest (80-185 ms of 30 groups' worst, session 14). Under
 * load the next request comes first and the punctuation is cancelled before it runs: Streams
 * halves its batch after every punctuation, and commits a task after it. No periodic tick: it
 * would make an idle notifier run ten transactions a second (issue 20).
 */
final class CommitPacer {
    /** Processing time allowed per unit of commit time before the next commit is asked. */
    static final int WORK_PER_COMMIT = 3;
    /** The least gap, so that a cheap commit does not bring back a commit per record. */
    static final long MIN_GAP_MS = 20;
    /** The most a request waits for its commit under load. */
    static final long MAX_GAP_MS = 250;
    /** What a commit is assumed to cost before one was measured. */
    static final long FIRST_COST_MS = 20;
    /**
     * A pause this long between two requests (or after a commit ended) means the thread found
     * nothing to do: it blocks in poll when no record waits (for poll.ms, or until its next timer,
     * see {@link PollDeadline}). A little more than the 10 ms poll.ms this was set for, for a
     * loaded machine's scheduling.
     */
    static final long IDLE_GAP_MS = 20;
    /** The release comes this long after the gap ends: a request of a busy thread comes before it. */
    static final long RELEASE_SLACK_MS = 10;
    /**
     * The first request just after a commit waits this long for more records before it counts as
     * alone: a lone alert's routed copy (or its decision) often comes right after the commit that
     * made it readable, and must not wait a whole gap.
     */
    static final long ALONE_AFTER_MS = 5;

    private static final ThreadLocal<CommitPacer> BY_THREAD =
            ThreadLocal.withInitial(() -> new CommitPacer(System::currentTimeMillis));

    private final LongSupplier clock;
    /** A commit was asked and its hooks have not run yet: it will carry whatever comes meanwhile. */
    private boolean asked;
    /** A commit's hooks ran at {@link #preparedAtMs} and its transaction has not committed yet. */
    private boolean preparing;

    private long preparedAtMs;
    /** When the last transaction committed. */
    private long endedAtMs = Long.MIN_VALUE;
    /** The thread has worked without a pause since {@link #endedAtMs}. */
    private boolean busy;

    private long lastSeenMs;
    /** Records were polled since the first request deferred after the last commit: work keeps coming. */
    private boolean fed;
    /** When the scheduled release runs. */
    private long releaseAtMs;
    /** What a commit costs this thread, in milliseconds, smoothed. */
    private double costMs = FIRST_COST_MS;
    /** Who asked for a commit that waits, or null. */
    private ProcessorContext<?, ?> waiting;
    /** The punctuation that releases {@link #waiting} if no request does, or null. */
    private Cancellable release;
    /** The moment told to the thread's {@link PollDeadline} for {@link #release}. */
    private long releaseDeadline;

    CommitPacer(LongSupplier clock) {
        this.clock = clock;
    }

    static CommitPacer ofThisThread() {
        return BY_THREAD.get();
    }

    /** The stage just forwarded output that should be committed soon. */
    void request(ProcessorContext<?, ?> context) {
        long now = clock.getAsLong();
        seen(now);
        if (asked) {
            return; // the commit asked commits every task of this thread, this output too
        }
        long allowedAt = endedAtMs + gapMs();
        if (!busy || now >= allowedAt) {
            ask(context);
            return;
        }
        if (waiting == null && release == null) {
            fed = false; // the first request deferred: what comes in from now on tells whether the thread is busy
        }
        waiting = context;
        // The first requests after a commit may be alone: released soon unless more records come in.
        long releaseAt = fed ? allowedAt + RELEASE_SLACK_MS : Math.min(allowedAt, now + ALONE_AFTER_MS);
        // Records keep coming: the thread is busy, the release moves to the gap's end; unless its
        // moment has passed (it runs after this round), for what came after it is the next commit's.
        if (release != null && fed && releaseAt > releaseAtMs && now < releaseAtMs) {
            clearRelease();
        }
        if (release == null) {
            releaseAtMs = releaseAt;
            long in = Math.max(1, releaseAt - now);
            release = context.schedule(Duration.ofMillis(in), PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
            // The stream thread's poll returns then, whatever poll.ms is.
            releaseDeadline = PollDeadline.ofThisThread().scheduledIn(in);
        }
    }

    /** The stream thread's poll returned {@code records} records (on the stream thread). */
    void polled(int records) {
        if (records > 0 && waiting != null) {
            fed = true;
        }
    }

    /** From the release punctuation: no request came after the gap, so the waiting one is asked now. */
    void tick() {
        seen(clock.getAsLong());
        if (waiting != null) {
            ask(waiting);
        }
    }

    /**
     * As a commit is prepared (a stage's pre-commit hook; several run in one commit): what waited
     * goes with it, and the commit's cost is counted from here.
     */
    void committed() {
        if (!preparing) {
            preparing = true;
            preparedAtMs = clock.getAsLong();
        }
        asked = false;
        clearWaiting();
    }

    /** The thread's transaction has committed ({@link CommitTimedClients}). */
    void ended() {
        long now = clock.getAsLong();
        if (preparing) {
            preparing = false;
            long took = Math.min(now - preparedAtMs, 4 * MAX_GAP_MS);
            costMs += (took - costMs) / 4;
        }
        asked = false;
        endedAtMs = now;
        lastSeenMs = now;
        busy = true;
    }

    /** A processor closes: a request of its task no longer needs a commit. */
    void forget(ProcessorContext<?, ?> context) {
        if (waiting == context) {
            clearWaiting();
        }
    }

    /** The gap the pacer keeps after a commit of a busy thread, at the cost measured so far. */
    long gapMs() {
        return Math.max(MIN_GAP_MS, Math.min(MAX_GAP_MS, Math.round(costMs * WORK_PER_COMMIT)));
    }

    private void ask(ProcessorContext<?, ?> context) {
        context.commit();
        asked = true;
        clearWaiting();
    }

    private void clearWaiting() {
        waiting = null;
        clearRelease();
    }

    private void clearRelease() {
        if (release != null) {
            release.cancel();
            release = null;
            PollDeadline.ofThisThread().withdraw(releaseDeadline);
        }
    }

    private void seen(long now) {
        if (now - lastSeenMs > IDLE_GAP_MS) {
            busy = false;
        }
        lastSeenMs = now;
    }
}
