package io.tocsin.notifier.dispatch;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The group stage's one wall-clock punctuation, scheduled for the earliest due time rather than
 * every few milliseconds, and none while nothing is due. Kafka Streams commits a task after every
 * punctuation, whatever it did, and under exactly-once a commit is a transaction (offsets, end
 * marker, coordinator writes): a 10 ms tick cost an idle notifier ten transactions a second and
 * most of its broker's idle CPU (issue 20). The moment is told to the thread's {@link PollDeadline},
 * so that the stream thread's poll returns then and the flush runs at its millisecond, whatever
 * poll.ms is.
 */
final class Wakeup {
    private final ProcessorContext<?, ?> context;
    private final Runnable onDue;
    private Cancellable scheduled;
    /** Epoch millis the scheduled punctuation stands for; {@link #NEVER} when none is scheduled. */
    private long at = NEVER;
    /** The moment told to the thread's poll deadline for {@link #scheduled}; {@link #NEVER} when none is. */
    private long deadline = NEVER;

    static final long NEVER = Long.MAX_VALUE;

    Wakeup(ProcessorContext<?, ?> context, Runnable onDue) {
        this.context = context;
        this.onDue = onDue;
    }

    /**
     * Makes sure a punctuation comes by {@code dueMillis} ({@link #NEVER}: nothing is due). One
     * already scheduled earlier stays: it finds nothing due and plans again, which is cheaper than
     * rescheduling each time the earliest due time moves later.
     */
    void by(long dueMillis, long nowMillis) {
        if (dueMillis >= at) {
            return;
        }
        schedule(dueMillis, nowMillis);
    }

    /** After a punctuation: the next one exactly at {@code dueMillis}, or none. */
    void next(long dueMillis, long nowMillis) {
        cancel();
        if (dueMillis != NEVER) {
            schedule(dueMillis, nowMillis);
        }
    }

    private void schedule(long dueMillis, long nowMillis) {
        cancel();
        // Streams punctuates at the earliest one millisecond from now.
        long in = Math.max(1, dueMillis - nowMillis);
        at = dueMillis;
        scheduled = context.schedule(Duration.ofMillis(in), PunctuationType.WALL_CLOCK_TIME, ignored -> {
            withdrawDeadline();
            at = NEVER;
            onDue.run();
        });
        deadline = PollDeadline.ofThisThread().scheduledIn(in);
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
            withdrawDeadline();
        }
        at = NEVER;
    }

    private void withdrawDeadline() {
        if (deadline != NEVER) {
            PollDeadline.ofThisThread().withdraw(deadline);
            deadline = NEVER;
        }
    }
}
