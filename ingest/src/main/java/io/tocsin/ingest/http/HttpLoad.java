package io.tocsin.ingest.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every HTTP verticle instance of one ingest holds right now: buffered body bytes and open
 * connections. Shared by the instances (each on its own event loop), hence atomic.
 */
public final class HttpLoad {
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();

    /** Reserves {@code bytes} of the buffer budget, or nothing if that would pass {@code limit}. */
    boolean tryReserve(long bytes, long limit) {
        while (true) {
            long used = bufferedBytes.get();
            if (used + bytes > limit) {
                return false;
            }
            if (bufferedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        bufferedBytes.addAndGet(-bytes);
    }

    /** Counts a new connection; false (and not counted) when {@code max} are already open. */
    boolean tryOpen(int max) {
        while (true) {
            int open = connections.get();
            if (open >= max) {
                return false;
            }
            if (connections.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    void closed() {
        connections.decrementAndGet();
    }

    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public int connections() {
        return connections.get();
    }
}
