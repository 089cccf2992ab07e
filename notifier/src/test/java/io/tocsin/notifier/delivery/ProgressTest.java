package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Where reading resumes while destinations finish decisions each at its own pace. */
class ProgressTest {
    private static final TopicPartition P0 = new TopicPartition("tocsin.notifications.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("tocsin.notifications.v1", 1);

    private final Progress progress = new Progress();

    @Test
    void readingResumesAtTheFirstDecisionSomeDestinationHasNotFinished() {
        Progress.Ticket d3 = progress.open(P0, 3, 2);
        Progress.Ticket d4 = progress.open(P0, 4, 1);
        progress.read(P0, 5);

        progress.finished(d4);
        assertEquals(OptionalLong.of(3), progress.resumeAt(P0), "d4 is done, but d3 is not: a crash re-reads from d3");
        progress.finished(d3);
        assertEquals(OptionalLong.of(3), progress.resumeAt(P0), "one of d3's two destinations is still at it");
        progress.finished(d3);
        assertEquals(OptionalLong.of(6), progress.resumeAt(P0));
        assertEquals(0, progress.open());
    }

    @Test
    void partitionsMoveOnIndependently() {
        progress.open(P0, 0, 1);
        progress.read(P1, 7);
        assertEquals(OptionalLong.of(0), progress.resumeAt(P0));
        assertEquals(OptionalLong.of(8), progress.resumeAt(P1));
        assertEquals(1, progress.open());
    }

    @Test
    void aHaltedPartitionStartsNothingButCountsWhatFinishesBeforeItIsReleased() {
        Progress.Ticket t = progress.open(P0, 0, 1);
        progress.halt(List.of(P0));
        assertFalse(progress.live(t));
        progress.finished(t);
        assertEquals(OptionalLong.of(1), progress.resumeAt(P0), "a call under way at the halt still counts");
    }

    @Test
    void aReleasedPartitionIgnoresLateResultsAndStartsAfreshWhenAssignedAgain() {
        Progress.Ticket old = progress.open(P0, 0, 1);
        progress.release(List.of(P0));
        assertEquals(0, progress.open());
        Progress.Ticket again = progress.open(P0, 0, 1);

        assertFalse(progress.live(old), "the old reading's parcel must not be delivered");
        assertTrue(progress.live(again));
        progress.finished(old);
        assertEquals(
                OptionalLong.of(0), progress.resumeAt(P0), "the old reading's result does not count for the new one");
    }

    @Test
    void stoppingEndsEveryTicket() {
        Progress.Ticket t = progress.open(P1, 0, 1);
        progress.stop();
        assertFalse(progress.live(t));
    }

    @Test
    void awaitingIdleReturnsOnceNoDestinationWorksOnThePartition() throws Exception {
        progress.enter(P0);
        assertFalse(progress.awaitIdle(List.of(P0), Duration.ofMillis(20)));
        assertTrue(progress.awaitIdle(List.of(P1), Duration.ofMillis(20)));
        progress.leave(P0);
        assertTrue(progress.awaitIdle(List.of(P0), Duration.ZERO));
    }
}
