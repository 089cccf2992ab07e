package io.tocsin.notifier.api;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what a POST appended to the producer now, instead of after {@code linger.ms}: one flush
 * at a time on a worker, and a flush asked while one runs is done right after it. A flush blocks
 * until every record appended before it is acknowledged, so it runs off the event loop; the POST
 * still answers from its own records' callbacks, not from the flush.
 */
final class Flushes {
    private final Runnable flush;
    private final Executor worker;
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();

    Flushes(Runnable flush, Executor worker) {
        this.flush = flush;
        this.worker = worker;
    }

    void ask() {
        asked.incrementAndGet();
        if (running.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        do {
            asked.set(0);
            try {
                flush.run();
            } finally {
                running.set(false);
            }
        } while (asked.get() > 0 && running.compareAndSet(false, true));
    }
}
