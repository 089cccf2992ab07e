package io.tocsin.notifier.delivery;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The delivery worker's blocking consumer calls, with a {@link Handoff} allowed to wake its poll.
 * A hand-off wakes the consumer only while it polls, but a wakeup can still land just after the
 * poll returned, in the next blocking call: there it is absorbed and the call made again. A wakeup
 * once the worker stops running is passed on: that one is stop's.
 */
final class WokenPolls<K, V> {
    private final Consumer<K, V> consumer;
    private final BooleanSupplier running;
    private volatile boolean polling;

    WokenPolls(Consumer<K, V> consumer, BooleanSupplier running) {
        this.consumer = consumer;
        this.running = running;
    }

    /** A poll; one a hand-off woke returns nothing, and the worker goes on to take the hand-off. */
    ConsumerRecords<K, V> poll(Duration timeout) {
        polling = true;
        try {
            return consumer.poll(timeout);
        } catch (WakeupException e) {
            if (!running.getAsBoolean()) {
                throw e;
            }
            return ConsumerRecords.empty();
        } finally {
            polling = false;
        }
    }

    /** From a hand-off, on any thread: the poll under way returns now. */
    void wake() {
        if (polling) {
            consumer.wakeup();
        }
    }

    /** Another blocking call of the worker's, made again if a hand-off's wakeup landed in it. */
    <T> T unwoken(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException e) {
                if (!running.getAsBoolean()) {
                    throw e;
                }
            }
        }
    }
}
