package io.tocsin.rules.topology;

import io.tocsin.core.wire.PushStamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When stage 1 asks for a commit of its own: as soon as a push that fed a rule is wholly read in
 * every partition it touched that this stream thread reads, rather than at the next commit
 * interval. Stage 1 forwards its partials only as a commit is prepared, and with one push a second
 * the stream thread sits in a poll of poll.ms (100 ms) after reading it, so the push waited a whole
 * commit interval in stage 1 (issue 20: 133 ms of a windowed alert's ~170 ms inside the rules).
 *
 * <p>Waiting for the push's other partitions on this thread keeps it in one transaction: Streams
 * processes its tasks a few records at a time, so the first task to finish a push would otherwise
 * commit before its siblings finished theirs, and stage 2, which judges a push only once whole,
 * would wait for the next commit anyway. Partitions read by other threads or instances are not
 * waited for (their commits are their own). Under steady load, when pushes end every few
 * milliseconds, the asked commits are spaced at least {@code minGapMs} apart, so a busy thread
 * commits at most 1000 / minGapMs times a second instead of a transaction per push.
 *
 * <p>One per stream thread, shared by the stage-1 tasks it runs (a task runs on one thread at a
 * time; {@link #own} and {@link #disown} follow its moves).
 */
final class PushEnds {
    private static final ThreadLocal<PushEnds> ON_THREAD = ThreadLocal.withInitial(PushEnds::new);
    /**
     * Writers are never forgotten one by one (an ingest that restarts has a new id); past this many
     * the table starts over, which costs at most one push read without an early commit.
     */
    static final int MAX_WRITERS = 1_024;

    private static final class Writer {
        /** Per partition read on this thread, up to which arrival the writer's pushes are wholly read there. */
        final Map<Integer, Long> wholeThrough = new HashMap<>();
        /** The newest push of the writer that fed a rule on this thread. */
        long fedThrough;
    }

    private final Set<Integer> owned = new HashSet<>();
    private final Map<String, Writer> writers = new HashMap<>();
    private long lastCommitMs = Long.MIN_VALUE;

    static PushEnds onThisThread() {
        return ON_THREAD.get();
    }

    /** A stage-1 task of this partition now runs on this thread. */
    void own(int partition) {
        owned.add(partition);
    }

    /**
     * It no longer does (closed, or moved). A thread left with no stage-1 task starts over: what it
     * kept belongs to tasks and a clock it no longer runs (a test thread runs one topology after
     * another, each on its own mock clock, and an old ask's time must not hold back the next one's).
     */
    void disown(int partition) {
        owned.remove(partition);
        writers.values().forEach(w -> w.wholeThrough.remove(partition));
        if (owned.isEmpty()) {
            writers.clear();
            lastCommitMs = Long.MIN_VALUE;
        }
    }

    /**
     * A record of partition {@code partition} stamped {@code stamp} was read.
     *
     * @param fed whether the record fed some rule's partial
     * @return whether its push, having fed a rule, is now wholly read in every partition it touched
     *     that this thread reads: the moment a commit carries all of it
     */
    boolean read(int partition, PushStamp stamp, boolean fed) {
        if (writers.size() >= MAX_WRITERS && !writers.containsKey(stamp.writer())) {
            writers.clear();
        }
        Writer w = writers.computeIfAbsent(stamp.writer(), k -> new Writer());
        if (fed) {
            w.fedThrough = Math.max(w.fedThrough, stamp.arrivalMs());
        }
        if (!stamp.last()) {
            return false;
        }
        w.wholeThrough.merge(partition, stamp.arrivalMs(), Math::max);
        if (w.fedThrough != stamp.arrivalMs()) {
            return false; // a push no rule reads: nothing to hurry
        }
        for (int q : owned) {
            if (stamp.touched(q) && w.wholeThrough.getOrDefault(q, 0L) < stamp.arrivalMs()) {
                return false; // a sibling on this thread has yet to read its part: its end asks
            }
        }
        return true;
    }

    /** Whether a commit may be asked for now; if so, it counts as asked. */
    boolean mayAsk(long now, long minGapMs) {
        if (lastCommitMs != Long.MIN_VALUE && now - lastCommitMs < minGapMs) {
            return false;
        }
        lastCommitMs = now;
        return true;
    }

    /** The earliest moment {@link #mayAsk} says yes. */
    long nextAsk(long minGapMs) {
        return lastCommitMs == Long.MIN_VALUE ? Long.MIN_VALUE : lastCommitMs + minGapMs;
    }

    /** The thread committed (stage 1's work ran as it was prepared): spacing counts from here. */
    void committed(long now) {
        lastCommitMs = Math.max(lastCommitMs, now);
    }
}
