package io.tocsin.notifier.delivery;

import java.time.Duration;

/** How delivery waits between attempts; tests pass one that moves a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code d}; false when delivery must stop now (shutdown, or its partition moved away). */
    boolean sleep(Duration d);
}
