package io.tocsin.notifier.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The moments a stream thread's wall-clock punctuations are due, so that its main consumer's poll
 * returns at the first of them instead of blocking for the whole poll.ms.
 *
 * <p>Kafka Streams runs punctuations only between two polls, and an idle stream thread blocks
 * poll.ms in each: at 10 ms, to fire the group stage's timers within 10 ms, the idle notifier's
 * stream thread looped a hundred times a second (about 1.5 % of a core, issue 20). The group
 * stage's {@link Wakeup} and the {@link CommitPacer} say here when their punctuation is due, on
 * the stream thread, and {@link #cut} makes the thread's consumer poll no longer than until then:
 * poll.ms can be long and a timer still fires at its millisecond. One per thread, like the
 * punctuations of the thread's tasks. Punctuations nobody tells here (the provenance sweep) run
 * within poll.ms of their moment.
 *
 * <p>A moment already passed is dropped at the next poll (that poll returns at once and the
 * punctuation runs after it), so a punctuation cancelled without a word (its task closed) costs
 * one early return.
 */
final class PollDeadline {
    private static final ThreadLocal<PollDeadline> BY_THREAD = ThreadLocal.withInitial(PollDeadline::new);

    /** Due moment (epoch millis) → how many punctuations are due at it. */
    private final TreeMap<Long, Integer> due = new TreeMap<>();

    static PollDeadline ofThisThread() {
        return BY_THREAD.get();
    }

    /**
     * A wall-clock punctuation was just scheduled in {@code inMillis}: Streams runs it once its
     * wall clock, read before this one, has passed that much, so by this moment at the latest.
     *
     * @return the moment recorded, to {@link #withdraw} when the punctuation ran or was cancelled
     */
    long scheduledIn(long inMillis) {
        long at = System.currentTimeMillis() + inMillis;
        request(at);
        return at;
    }

    void request(long atMillis) {
        due.merge(atMillis, 1, Integer::sum);
    }

    void withdraw(long atMillis) {
        due.computeIfPresent(atMillis, (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * How long a poll may block: the poll.ms Streams asks for, cut at the first due moment; zero
     * when one has come (those are dropped: their punctuations run after this poll).
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

    /**
     * The stream thread's main consumer, whose {@code poll(Duration)} blocks no longer than until
     * the polling thread's first due moment. Everything else passes through.
     */
    static Consumer<byte[], byte[]> cut(Consumer<byte[], byte[]> consumer) {
        return cut(consumer, count -> {});
    }

    /** ... telling {@code polled} how many records each poll returned (the {@link CommitPacer}'s sign of work). */
    static Consumer<byte[], byte[]> cut(Consumer<byte[], byte[]> consumer, IntConsumer polled) {
        return PolledAs.wrap(
                consumer,
                asked -> {
                    long requested = asked.toMillis();
                    long allowed = ofThisThread().timeoutMs(requested, System.currentTimeMillis());
                    return allowed < requested ? Duration.ofMillis(allowed) : asked;
                },
                polled);
    }
}
