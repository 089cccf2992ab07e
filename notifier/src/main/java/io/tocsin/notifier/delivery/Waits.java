package io.tocsin.notifier.delivery;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * How a delivery waits, without holding a thread: between attempts, for a token, and for a
 * channel's answer. Each destination has its own, so one destination's waits never hold up
 * another's; tests pass one that moves a fake clock and answers at once.
 */
public interface Waits {

    /** Completes after {@code d} with true, or with false as soon as delivery must stop (shutdown, partition moved). */
    Future<Boolean> sleep(Duration d);

    /** The call's outcome if it comes within {@code limit}; else a failure with a {@link java.util.concurrent.TimeoutException}. */
    <T> Future<T> within(Future<T> call, Duration limit);
}
