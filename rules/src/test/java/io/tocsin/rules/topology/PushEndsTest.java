package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.PushStamp;
import org.junit.jupiter.api.Test;

class PushEndsTest {
    private static final String W = "ingest-1";

    /** The last record of push {@code arrival} in its partition, the push having touched partitions {@code touched} of 4. */
    private static PushStamp last(long arrival, int... touched) {
        long[] latest = new long[4];
        for (int p : touched) {
            latest[p] = arrival;
        }
        return new PushStamp(W, arrival, true, latest);
    }

    private static PushEnds owning(int... partitions) {
        PushEnds ends = new PushEnds();
        for (int p : partitions) {
            ends.own(p);
        }
        return ends;
    }

    @Test
    void aPushIsAskedForOnceItsLastPartitionOnThisThreadIsRead() {
        PushEnds ends = owning(0, 1, 2, 3);
        assertFalse(ends.read(0, PushStamp.inner(W, 1000), true));
        assertFalse(ends.read(0, last(1000, 0, 1, 2), true), "partitions 1 and 2 still owe their parts");
        assertFalse(ends.read(2, last(1000, 0, 1, 2), false));
        assertTrue(ends.read(1, last(1000, 0, 1, 2), false), "the last of the three: one commit carries it all");
    }

    @Test
    void partitionsReadElsewhereAreNotWaitedFor() {
        PushEnds ends = owning(0, 1);
        assertFalse(ends.read(0, last(1000, 0, 1, 2, 3), true));
        assertTrue(ends.read(1, last(1000, 0, 1, 2, 3), false), "2 and 3 commit on their own thread");
        ends.disown(1);
        assertTrue(ends.read(0, last(2000, 0, 1), true), "1 moved away: 0 alone is this thread's part");
    }

    @Test
    void aPushThatFedNoRuleAsksForNothing() {
        PushEnds ends = owning(0, 1);
        assertFalse(ends.read(0, last(1000, 0, 1), false));
        assertFalse(ends.read(1, last(1000, 0, 1), false));
    }

    @Test
    void aPushFedByAPartitionReadLaterIsAskedForWhenThatOneEnds() {
        PushEnds ends = owning(0, 1);
        assertFalse(ends.read(0, last(1000, 0, 1), false), "nothing of it fed a rule yet");
        assertFalse(ends.read(1, PushStamp.inner(W, 1000), true));
        assertTrue(ends.read(1, last(1000, 0, 1), false));
    }

    @Test
    void askedCommitsAreSpacedAndARealCommitCountsToo() {
        PushEnds ends = owning(0);
        assertTrue(ends.mayAsk(10_000, 50));
        assertFalse(ends.mayAsk(10_030, 50), "within the gap of the last ask");
        assertEquals(10_050, ends.nextAsk(50));
        assertTrue(ends.mayAsk(10_050, 50));
        ends.committed(10_080); // the commit interval's own commit
        assertFalse(ends.mayAsk(10_100, 50));
        assertTrue(ends.mayAsk(10_130, 50));
    }

    @Test
    void aThreadLeftWithNoTaskStartsOverSoAnEarlierClockHoldsNothingBack() {
        PushEnds ends = owning(0);
        assertTrue(ends.mayAsk(1_700_000_000_000L, 50));
        ends.disown(0);
        ends.own(0); // the next topology on this thread, on a clock that starts at 0
        assertEquals(Long.MIN_VALUE, ends.nextAsk(50));
        assertTrue(ends.mayAsk(0, 50), "the old ask's time is forgotten");
    }

    @Test
    void aThreadThatStillRunsATaskKeepsItsSpacing() {
        PushEnds ends = owning(0, 1);
        assertTrue(ends.mayAsk(10_000, 50));
        ends.disown(1);
        assertFalse(ends.mayAsk(10_030, 50));
    }
}
