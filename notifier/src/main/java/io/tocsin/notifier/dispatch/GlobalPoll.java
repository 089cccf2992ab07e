package io.tocsin.notifier.dispatch;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The global thread's consumer (silences, inhibiting alerts) polls at least {@link #AT_LEAST}
 * instead of poll.ms. Streams' global thread only polls, applies what came and checkpoints at
 * the commit interval; it has no timers. A poll returns as soon as records arrive, so a longer
 * one delays nothing it reads, while at the 10 ms poll.ms of the time (kept short then for the
 * stream thread's timers) the idle global thread looped a hundred times a second: about 1 % of a core at rest
 * (issue 20, idle cost). What it can delay is a shutdown, by at most this much.
 */
final class GlobalPoll {
    static final Duration AT_LEAST = Duration.ofMillis(250);

    private GlobalPoll() {}

    static Consumer<byte[], byte[]> atLeast(Consumer<byte[], byte[]> consumer, Duration least) {
        return PolledAs.wrap(consumer, asked -> asked.compareTo(least) < 0 ? least : asked);
    }
}
