package io.tocsin.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.PushStamp;
import org.junit.jupiter.api.Test;

class PushStampsTest {
    private static final long T = 1_765_000_000_000L;
    private final PushStamps stamps = new PushStamps("ingest-a");

    @Test
    void theLastRecordOfThePushInEachPartitionIsFlagged() {
        PushStamp[] s = stamps.stamp(new int[] {0, 2, 0, 2, 1}, 4, T);

        assertFalse(s[0].last());
        assertFalse(s[1].last());
        assertTrue(s[2].last(), "the push's last record in partition 0");
        assertTrue(s[3].last(), "in partition 2");
        assertTrue(s[4].last(), "in partition 1");
        for (PushStamp stamp : s) {
            assertEquals(T, stamp.arrivalMs());
            assertEquals("ingest-a", stamp.writer());
        }
        assertArrayEquals(new long[] {T, T, T, 0}, s[2].latest(), "partition 3 was never written");
    }

    @Test
    void arrivalsStrictlyIncreaseEvenWhenTheClockStandsStillOrGoesBack() {
        long a = stamps.stamp(new int[] {0}, 2, T)[0].arrivalMs();
        long b = stamps.stamp(new int[] {0}, 2, T)[0].arrivalMs();
        long c = stamps.stamp(new int[] {1}, 2, T - 5_000)[0].arrivalMs();

        assertEquals(T, a);
        assertEquals(T + 1, b);
        assertEquals(T + 2, c);
    }

    @Test
    void aLastRecordSaysWhereThePartitionsThePushDidNotTouchStand() {
        stamps.stamp(new int[] {0, 1}, 3, T);
        stamps.stamp(new int[] {1}, 3, T + 100);
        PushStamp last = stamps.stamp(new int[] {2}, 3, T + 200)[0];

        assertArrayEquals(new long[] {T, T + 100, T + 200}, last.latest());
        assertTrue(last.touched(2));
        assertFalse(last.touched(1));
    }

    @Test
    void aTopicThatGainedPartitionsIsFollowed() {
        stamps.stamp(new int[] {0}, 1, T);
        PushStamp last = stamps.stamp(new int[] {2}, 3, T + 1)[0];

        assertArrayEquals(new long[] {T, 0, T + 1}, last.latest());
        assertThrows(IllegalArgumentException.class, () -> stamps.stamp(new int[] {3}, 3, T + 2));
    }
}
