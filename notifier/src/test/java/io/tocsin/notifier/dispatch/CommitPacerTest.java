package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class CommitPacerTest {
    private final CommitPacer pacer = new CommitPacer();
    private final MockProcessorContext<String, String> route = new MockProcessorContext<>();
    private final MockProcessorContext<String, String> group = new MockProcessorContext<>();

    private void at(long ms) {
        route.setCurrentSystemTimeMs(ms);
        group.setCurrentSystemTimeMs(ms);
    }

    @Test
    void aLoneRequestCommitsAtOnce() {
        at(1_000);
        pacer.request(group);
        assertTrue(group.committed());
    }

    @Test
    void aRequestSoonAfterACommitWaitsForTheGapFromTheCommitsEnd() {
        at(1_000);
        pacer.request(route);
        route.resetCommit();
        pacer.committed(); // the commit runs for 40 ms
        at(1_040);
        pacer.tick(1_040); // the thread is back: the gap counts from here
        at(1_050);
        pacer.request(group);
        assertFalse(group.committed(), "asked 10 ms after the commit ended");
        pacer.tick(1_050 + CommitPacer.GAP_MS - 20);
        assertFalse(group.committed());
        pacer.tick(1_040 + CommitPacer.GAP_MS);
        assertTrue(group.committed(), "asked once the gap has passed");
    }

    @Test
    void aDeferredRequestIsReleasedByOnePunctuationAtTheEndOfTheGapWithNoStandingTick() {
        at(1_000);
        pacer.request(route);
        route.resetCommit();
        pacer.committed();
        at(1_010);
        pacer.request(group); // the thread is back: the gap counts from here, and this request waits
        assertFalse(group.committed());
        assertEquals(1, group.scheduledPunctuators().size(), "one release, scheduled by the task that waits");
        MockProcessorContext.CapturedPunctuator release =
                group.scheduledPunctuators().get(0);
        assertEquals(Duration.ofMillis(CommitPacer.GAP_MS), release.getInterval());
        release.getPunctuator().punctuate(1_010 + CommitPacer.GAP_MS);
        assertTrue(group.committed(), "asked by the release");
        assertTrue(release.cancelled(), "no tick stays behind to wake an idle notifier");
        assertTrue(route.scheduledPunctuators().isEmpty(), "a request that commits at once schedules nothing");
    }

    @Test
    void aWaitingRequestGoesWithTheNextCommitAndIsNotAskedAgain() {
        at(1_000);
        pacer.request(route);
        pacer.committed();
        pacer.tick(1_030);
        at(1_031);
        pacer.request(group);
        pacer.committed(); // the commit interval committed it
        pacer.tick(1_040);
        pacer.tick(1_040 + CommitPacer.GAP_MS + 1);
        assertFalse(group.committed());
    }

    @Test
    void requestsInTheSameBatchAsACommitAskedDoNotAskAgain() {
        at(1_000);
        pacer.request(route);
        route.resetCommit();
        at(1_002);
        pacer.request(route);
        assertFalse(route.committed(), "the commit already asked will carry it");
    }

    @Test
    void aRequestLongAfterTheLastCommitCommitsAtOnce() {
        at(1_000);
        pacer.request(route);
        pacer.committed();
        pacer.tick(1_050);
        at(5_000);
        pacer.request(group);
        assertTrue(group.committed());
    }

    @Test
    void aCommitThatCarriedNoOutputHoldsNothingBack() {
        at(1_000);
        pacer.committed(); // the commit interval: timers made every task due, nothing was forwarded
        pacer.tick(1_030);
        at(1_031);
        pacer.request(group);
        assertTrue(group.committed(), "an idle notifier's first notification goes at once");
    }

    @Test
    void aClosedTaskIsNotAskedToCommit() {
        at(1_000);
        pacer.request(route);
        pacer.committed();
        pacer.tick(1_040);
        at(1_041);
        pacer.request(group);
        pacer.forget(group);
        pacer.tick(2_000);
        assertFalse(group.committed());
    }
}
