package io.tocsin.tests;

import java.time.Duration;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Waits for something the pipeline will do, polling, up to a deadline. */
public final class Eventually {
    private Eventually() {}

    public static <T> T await(Duration timeout, String what, Supplier<T> probe) {
        return await(timeout, Duration.ofMillis(20), what, probe);
    }

    /** As {@link #await(Duration, String, Supplier)}, polling every {@code every}: gentler when many wait on one fake. */
    public static <T> T await(Duration timeout, Duration every, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
