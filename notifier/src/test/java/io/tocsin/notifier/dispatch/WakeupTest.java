package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

/** The group stage punctuates when a group is due, and not otherwise (every punctuation is a commit). */
class WakeupTest {
    private static final long NOW = 1_000_000L;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    /** What the punctuation does: plans the next one at this due time, as the group stage does. */
    private final AtomicLong nextDue = new AtomicLong(Wakeup.NEVER);

    private final Wakeup wakeup = new Wakeup(context, () -> thenNext());
    private int fired;

    private void thenNext() {
        fired++;
        wakeup.next(nextDue.get(), NOW + 5000);
    }

    private List<CapturedPunctuator> active() {
        return context.scheduledPunctuators().stream()
                .filter(p -> !p.cancelled())
                .toList();
    }

    private static List<Duration> intervals(List<CapturedPunctuator> punctuators) {
        return punctuators.stream().map(CapturedPunctuator::getInterval).toList();
    }

    @Test
    void nothingDueSchedulesNothing() {
        wakeup.by(Wakeup.NEVER, NOW);
        wakeup.next(Wakeup.NEVER, NOW);

        assertTrue(context.scheduledPunctuators().isEmpty());
    }

    @Test
    void aGroupDueInFiveSecondsIsWokenOnceInFiveSeconds() {
        wakeup.by(NOW + 5000, NOW);

        assertEquals(List.of(Duration.ofSeconds(5)), intervals(active()));
    }

    @Test
    void anEarlierDueTimeReplacesTheWakeUpScheduled() {
        wakeup.by(NOW + 5000, NOW);
        wakeup.by(NOW + 1000, NOW);

        assertEquals(List.of(Duration.ofSeconds(1)), intervals(active()));
    }

    @Test
    void aLaterDueTimeKeepsTheEarlierWakeUp() {
        wakeup.by(NOW + 1000, NOW);
        wakeup.by(NOW + 5000, NOW);

        assertEquals(1, context.scheduledPunctuators().size());
        assertEquals(List.of(Duration.ofSeconds(1)), intervals(active()));
    }

    @Test
    void aDueTimeAlreadyPassedWakesWithinAMillisecond() {
        wakeup.by(NOW - 300, NOW);

        assertEquals(List.of(Duration.ofMillis(1)), intervals(active()));
    }

    @Test
    void afterThePunctuationTheNextComesAtTheNextDueTime() {
        wakeup.by(NOW + 1000, NOW);
        nextDue.set(NOW + 5000 + 300_000);

        active().get(0).getPunctuator().punctuate(NOW + 1000);

        assertEquals(1, fired);
        // The one that fired is cancelled, so Streams does not repeat it at its interval.
        assertEquals(List.of(Duration.ofMinutes(5)), intervals(active()));
    }

    @Test
    void afterThePunctuationNothingMoreIsScheduledWhenNoGroupIsDue() {
        wakeup.by(NOW + 1000, NOW);

        active().get(0).getPunctuator().punctuate(NOW + 1000);

        assertEquals(1, fired);
        assertTrue(active().isEmpty());
    }
}
