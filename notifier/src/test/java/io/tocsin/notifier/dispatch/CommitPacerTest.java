package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class CommitPacerTest {
    private long now = 1_000;
    private final CommitPacer pacer = new CommitPacer(() -> now);
    private final MockProcessorContext<String, String> route = new MockProcessorContext<>();
    private final MockProcessorContext<String, String> group = new MockProcessorContext<>();

    /** A commit asked by {@code who} is prepared now, its transaction commits {@code ms} later. */
    private void commitTaking(MockProcessorContext<?, ?> who, long ms) {
        who.resetCommit();
        pacer.committed();
        now += ms;
        pacer.ended();
    }

    /** The thread keeps working for {@code ms}: it polls a record and the route stage forwards it, every 2 ms. */
    private void busyFor(long ms) {
        for (long end = now + ms; now < end; ) {
            now += 2;
            pacer.polled(1);
            pacer.request(route);
        }
    }

    @Test
    void aLoneRequestCommitsAtOnce() {
        pacer.request(group);
        assertTrue(group.committed());
    }

    @Test
    void aBusyThreadIsAskedToCommitOnceItWorkedThreeTimesWhatTheCommitCost() {
        pacer.request(route);
        commitTaking(route, 20); // as assumed before any measure: the gap stays 60 ms
        pacer.request(group); // straight back to work
        assertFalse(group.committed(), "asked just after the commit ended");
        busyFor(3 * 20 - 2);
        assertFalse(route.committed());
        busyFor(2);
        assertTrue(route.committed(), "asked once the thread worked three times the commit's cost");
        assertFalse(group.committed(), "once");
    }

    @Test
    void theGapFollowsWhatCommitsCost() {
        pacer.request(route);
        for (int i = 0; i < 20; i++) {
            commitTaking(route, 60);
            busyFor(pacer.gapMs());
        }
        assertEquals(180, pacer.gapMs(), 5, "commits of 60 ms: 180 ms of work between them");
        for (int i = 0; i < 20; i++) {
            commitTaking(route, 2);
            busyFor(pacer.gapMs());
        }
        assertEquals(CommitPacer.MIN_GAP_MS, pacer.gapMs(), "cheap commits still leave the least gap");
        busyFor(200);
        assertTrue(pacer.gapMs() <= CommitPacer.MAX_GAP_MS);
    }

    @Test
    void aRequestAfterAPauseCommitsAtOnceHoweverRecentTheLastCommit() {
        pacer.request(route);
        commitTaking(route, 20);
        now += CommitPacer.IDLE_GAP_MS + 1; // the thread polled and found nothing: a group's timer is due
        pacer.request(group);
        assertTrue(group.committed(), "the first notification of a group is not held back by an unrelated commit");
    }

    @Test
    void aLoneRequestJustAfterACommitWaitsOnlyAMomentForAnotherToFollow() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.request(group); // a lone alert's decision, right after the commit that made its alert readable
        assertFalse(group.committed());
        MockProcessorContext.CapturedPunctuator release =
                group.scheduledPunctuators().get(0);
        assertEquals(Duration.ofMillis(CommitPacer.ALONE_AFTER_MS), release.getInterval());
        now += CommitPacer.ALONE_AFTER_MS;
        release.getPunctuator().punctuate(now);
        assertTrue(group.committed(), "asked by the release");
        assertTrue(release.cancelled(), "no tick stays behind to wake an idle notifier");
    }

    @Test
    void aDeferredRequestWithNoRequestAfterItIsReleasedByOnePunctuationJustAfterTheGap() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.request(route);
        now += 1;
        pacer.polled(1); // more of the burst came in
        pacer.request(group); // the last of a burst: it waits, and nothing comes after it
        assertFalse(group.committed());
        assertEquals(1, group.scheduledPunctuators().size(), "one release, scheduled by the task that waits");
        MockProcessorContext.CapturedPunctuator release =
                group.scheduledPunctuators().get(0);
        assertEquals(Duration.ofMillis(pacer.gapMs() + CommitPacer.RELEASE_SLACK_MS - 1), release.getInterval());
        now += pacer.gapMs() + CommitPacer.RELEASE_SLACK_MS - 1;
        release.getPunctuator().punctuate(now);
        assertTrue(group.committed(), "asked by the release");
        assertTrue(release.cancelled(), "no tick stays behind to wake an idle notifier");
        assertTrue(
                route.scheduledPunctuators().get(0).cancelled(),
                "the first request's short release gave way to the gap's once a second request came");
    }

    @Test
    void aTimersDecisionBesideARecordOfTheSamePollIsNotHeldForTheGap() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.polled(1);
        pacer.request(route); // an alert's routed copy, just after the commit that made it readable
        now += 1;
        pacer.request(group); // a group's timer fell due in the same round: its first notification
        pacer.polled(0); // and then nothing: the thread is at rest
        assertFalse(group.committed());
        assertEquals(1, route.scheduledPunctuators().size());
        assertTrue(group.scheduledPunctuators().isEmpty(), "the first release stays");
        MockProcessorContext.CapturedPunctuator release =
                route.scheduledPunctuators().get(0);
        assertEquals(Duration.ofMillis(CommitPacer.ALONE_AFTER_MS), release.getInterval());
        now += CommitPacer.ALONE_AFTER_MS - 1;
        release.getPunctuator().punctuate(now);
        assertTrue(group.committed(), "asked by the first release, not a whole gap later");
    }

    @Test
    void aReleaseWhoseMomentHasComeIsNotMovedByWhatCameAfterIt() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.request(group); // a group's first notification, just after an unrelated commit
        now += CommitPacer.ALONE_AFTER_MS + 3; // the thread was still in a punctuation at the release's moment
        pacer.polled(1); // a new alert came meanwhile
        pacer.request(route);
        MockProcessorContext.CapturedPunctuator release =
                group.scheduledPunctuators().get(0);
        assertFalse(release.cancelled(), "the release runs after this round");
        assertTrue(route.scheduledPunctuators().isEmpty());
        release.getPunctuator().punctuate(now);
        assertTrue(
                route.committed() || group.committed(),
                "asked by the release (one commit carries every task of the thread)");
    }

    @Test
    void recordsPolledBeforeTheFirstDeferredRequestDoNotCountAsMoreWork() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.polled(3); // what the first request comes from
        pacer.request(route);
        pacer.request(route);
        assertEquals(
                Duration.ofMillis(CommitPacer.ALONE_AFTER_MS),
                route.scheduledPunctuators().get(0).getInterval());
        assertFalse(route.scheduledPunctuators().get(0).cancelled());
    }

    @Test
    void underLoadTheNextRequestAfterTheGapAsksTheCommitAndTheReleaseNeverRuns() {
        pacer.request(route);
        commitTaking(route, 20);
        pacer.request(group);
        MockProcessorContext.CapturedPunctuator release =
                group.scheduledPunctuators().get(0);
        busyFor(pacer.gapMs());
        assertTrue(route.committed(), "the request asks the commit");
        assertFalse(group.committed());
        assertTrue(release.cancelled(), "the punctuation (which halves Streams' batch) is cancelled unrun");
    }

    @Test
    void aWaitingRequestGoesWithTheNextCommitAndIsNotAskedAgain() {
        pacer.request(route);
        commitTaking(route, 30);
        pacer.request(group);
        pacer.committed(); // the commit interval committed it
        now += 10;
        pacer.tick();
        now += CommitPacer.MAX_GAP_MS;
        pacer.tick();
        assertFalse(group.committed());
    }

    @Test
    void requestsInTheSameBatchAsACommitAskedDoNotAskAgain() {
        pacer.request(route);
        route.resetCommit();
        now += 2;
        pacer.request(route);
        pacer.request(group);
        assertFalse(route.committed(), "the commit already asked will carry it");
        assertFalse(group.committed());
        assertTrue(group.scheduledPunctuators().isEmpty());
    }

    @Test
    void aRequestLongAfterTheLastCommitCommitsAtOnce() {
        pacer.request(route);
        commitTaking(route, 20);
        now += 5_000; // the thread went idle: the first notification of a group after its group_wait
        pacer.request(group);
        assertTrue(group.committed());
    }

    @Test
    void aCommitWhoseEndIsNotToldHoldsNothingBack() {
        pacer.committed(); // a commit through a producer that does not tell its end (a test driver)
        now += 1;
        pacer.request(group);
        assertTrue(group.committed(), "an idle notifier's first notification goes at once");
    }

    @Test
    void aClosedTaskIsNotAskedToCommit() {
        pacer.request(route);
        commitTaking(route, 40);
        pacer.request(group);
        pacer.forget(group);
        now += 2_000;
        pacer.tick();
        assertFalse(group.committed());
    }
}
