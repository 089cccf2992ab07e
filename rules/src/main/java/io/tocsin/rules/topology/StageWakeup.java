package io.tocsin.rules.topology;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A stage's one wall-clock punctuation, scheduled for the moment {@link NextWake} names and none
 * while nothing is due (the notifier's group stage does the same). The punctuation runs within the
 * stream thread's poll.ms of its moment.
 */
final class StageWakeup {
    private final ProcessorContext<?, ?> context;
    private final LongConsumer onDue;
    private Cancellable scheduled;
    /** Epoch millis the scheduled punctuation stands for; {@link NextWake#NEVER} when none is scheduled. */
    private long at = NextWake.NEVER;

    StageWakeup(ProcessorContext<?, ?> context, LongConsumer onDue) {
        this.context = context;
        this.onDue = onDue;
    }

    /** Makes sure a punctuation comes by {@code dueMillis}; one already scheduled earlier stays. */
    void by(long dueMillis, long nowMillis) {
        if (dueMillis < at) {
            schedule(dueMillis, nowMillis);
        }
    }

    /** After a punctuation: the next one exactly at {@code dueMillis}, or none. */
    void next(long dueMillis, long nowMillis) {
        cancel();
        if (dueMillis != NextWake.NEVER) {
            schedule(dueMillis, nowMillis);
        }
    }

    private void schedule(long dueMillis, long nowMillis) {
        cancel();
        // Streams punctuates at the earliest one millisecond from now.
        long in = Math.max(1, dueMillis - nowMillis);
        at = dueMillis;
        Cancellable[] self = new Cancellable[1];
        self[0] = context.schedule(Duration.ofMillis(in), PunctuationType.WALL_CLOCK_TIME, now -> {
            at = NextWake.NEVER;
            onDue.accept(now);
            if (scheduled == self[0]) {
                cancel(); // the stage planned nothing: a schedule in Streams repeats until cancelled
            }
        });
        scheduled = self[0];
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
        at = NextWake.NEVER;
    }
}
