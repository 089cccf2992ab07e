package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream thread runs stage-2 tasks 0, 1 and 2; a stage-1 transaction ends, in each, with the
 * progress of sources 0 and 1 (samples partitions), as stage 1 sends it to every partition.
 */
class StageBurstsTest {
    private static Progress p(int source, long watermark) {
        return new Progress(new Progress.Source(Progress.Input.SAMPLES, source), watermark, false, List.of());
    }

    private static StageBursts owning(int... tasks) {
        StageBursts b = new StageBursts();
        for (int t : tasks) {
            b.own(t);
        }
        return b;
    }

    /** Every task read the progress of push {@code at}: the thread's state before a new push. */
    private static void level(StageBursts b, long at, int... tasks) {
        for (int t : tasks) {
            b.progress(t, p(0, at), true);
            b.progress(t, p(1, at), true);
        }
        b.committed();
    }

    @Test
    void aChangeOnAProgressRecordWaitsForTheOtherTasksToReadTheSameTransaction() {
        StageBursts b = owning(0, 1, 2);
        level(b, 1000, 0, 1, 2);
        b.progress(0, p(0, 2000), true);
        b.progress(0, p(1, 2000), true);
        b.changed(0, true); // task 0 judged the whole push: an alert fired
        assertFalse(b.ask(), "tasks 1 and 2 still hold push 2000: their alerts would go in a later transaction");
        b.progress(1, p(0, 2000), true);
        b.changed(1, true); // another alert on the same push
        assertFalse(b.ask());
        b.progress(1, p(1, 2000), true);
        assertFalse(b.ask(), "task 2 has not read it");
        b.progress(2, p(0, 2000), true);
        assertFalse(b.ask());
        b.progress(2, p(1, 2000), true);
        assertTrue(b.ask(), "every task read push 2000: one commit carries both alerts");
        assertFalse(b.ask(), "asked once");
    }

    @Test
    void aLoneChangeWhoseSiblingsAlreadyReadTheSameIsAskedAtOnce() {
        StageBursts b = owning(0, 1);
        level(b, 1000, 0, 1);
        b.progress(1, p(0, 2000), true);
        b.progress(1, p(1, 2000), true);
        b.progress(0, p(0, 2000), true);
        b.progress(0, p(1, 2000), true);
        b.changed(0, true);
        assertTrue(b.ask(), "task 0 is the last to read the push: no wait");
    }

    @Test
    void aLoneTaskAsksAtItsChangeOnProgress() {
        StageBursts b = owning(0);
        b.progress(0, p(0, 2000), true);
        b.changed(0, true);
        assertTrue(b.ask());
    }

    @Test
    void aChangeOnUpdatesWaitsForItsOwnProgress() {
        StageBursts b = owning(0, 1);
        level(b, 1000, 0, 1);
        b.changed(0, false); // a gauge read ahead on the push's updates; its progress follows them
        assertFalse(b.ask(), "the tasks still agree on push 1000, but task 0 is inside push 2000");
        b.progress(0, p(0, 2000), true);
        b.progress(0, p(1, 2000), true);
        assertFalse(b.ask(), "task 1 has not read push 2000");
        b.progress(1, p(0, 2000), true);
        b.progress(1, p(1, 2000), true);
        assertTrue(b.ask());
    }

    @Test
    void aPushReadInPartIsWaitedFor() {
        StageBursts b = owning(0, 1);
        level(b, 1000, 0, 1);
        b.progress(0, p(0, 2000), false); // source 1's part of the push has yet to come
        b.progress(1, p(0, 2000), false);
        b.changed(1, true);
        assertFalse(b.ask(), "both agree, but the push is read in part");
        b.progress(0, p(1, 2000), true);
        b.progress(1, p(1, 2000), true);
        assertTrue(b.ask());
    }

    @Test
    void theIntervalCommitPaysWhatWasOwed() {
        StageBursts b = owning(0, 1);
        level(b, 1000, 0, 1);
        b.progress(0, p(0, 2000), true);
        b.changed(0, true);
        assertFalse(b.ask());
        b.committed(); // the interval commit published it
        b.progress(1, p(0, 2000), true);
        assertFalse(b.ask(), "nothing owed: no second commit");
    }

    @Test
    void aTaskMovedAwayIsNotWaitedFor() {
        StageBursts b = owning(0, 1);
        level(b, 1000, 0, 1);
        b.progress(0, p(0, 2000), true);
        b.changed(0, true);
        assertFalse(b.ask());
        b.disown(1);
        b.progress(0, p(1, 2000), true);
        assertTrue(b.ask());
    }

    @Test
    void aTaskThatNeverHeardOfASourceDoesNotHoldTheOthersBack() {
        StageBursts b = owning(0, 1);
        b.progress(0, p(0, 2000), true);
        b.progress(0, p(1, 2000), true);
        b.progress(1, p(0, 2000), true); // just moved here: source 1 has not repeated its progress yet
        b.changed(0, true);
        assertTrue(b.ask());
    }

    @Test
    void aThreadLeftWithNoTaskOwesNothingToTheNextTopologyOnIt() {
        StageBursts b = owning(0);
        b.changed(0, false); // its progress never came: the task closed first
        b.disown(0);
        b.own(0); // the next topology on this thread
        b.progress(0, p(0, 1000), true);
        assertFalse(b.ask(), "nothing changed since it started");
    }
}
