package io.tocsin.ops.streams;

import java.util.Map;
import java.util.TreeMap;

/**
 * The moments a stream thread's wall-clock punctuations are due, so that its consumer's poll
 * returns at the first of them instead of blocking for the whole poll.ms.
 *
 * <p>Kafka Streams runs punctuations only between two polls of its main consumer, and an idle
 * thread blocks poll.ms in each: the notifier kept poll.ms at 10 ms to fire its timers within
 * 10 ms, and spent ~3.7 % of a core looping (issue 20, idle cost). With the due moments known here
 * (a processor that schedules a punctuation says when it is due, on the stream thread, see
 * {@link DeadlinePollClientSupplier}) poll.ms can be long and a timer still fires at its
 * millisecond. One per thread, like the stream thread's tasks' punctuations.
 *
 * <p>A moment already passed is dropped at the next poll (that poll returns at once and the
 * punctuation runs after it), so a requester that forgets to withdraw costs one early return.
 */
public final class PollDeadline {
    private static final ThreadLocal<PollDeadline> BY_THREAD = ThreadLocal.withInitial(PollDeadline::new);

    /** Due moment (epoch millis) → how many punctuations are due at it. */
    private final TreeMap<Long, Integer> due = new TreeMap<>();

    public static PollDeadline ofThisThread() {
        return BY_THREAD.get();
    }

    /**
     * A wall-clock punctuation was just scheduled in {@code inMillis}: the moment Streams will run
     * it is at most the wall clock read now plus that, as Streams read its clock before us.
     *
     * @return the moment recorded, to {@link #withdraw} when the punctuation is cancelled or ran
     */
    public long scheduledIn(long inMillis) {
        long at = System.currentTimeMillis() + inMillis;
        request(at);
        return at;
    }

    void request(long atMillis) {
        due.merge(atMillis, 1, Integer::sum);
    }

    public void withdraw(long atMillis) {
        due.computeIfPresent(atMillis, (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * How long the poll may block: the poll.ms Streams asks for, cut at the first due moment; zero
     * when one has come (those are dropped: the punctuations run after this poll).
     */
    long timeoutMs(long requestedMs, long nowMs) {
        boolean passed = false;
        while (!due.isEmpty() && due.firstKey() <= nowMs) {
            due.pollFirstEntry();
            passed = true;
        }
        if (passed) {
            return 0;
        }
        Map.Entry<Long, Integer> first = due.firstEntry();
        return first == null ? requestedMs : Math.min(requestedMs, first.getKey() - nowMs);
    }

    int size() {
        return due.size();
    }
}
