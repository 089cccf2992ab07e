package io.tocsin.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PushStampTest {
    private static final long T = 1_765_000_000_000L;

    @Test
    void aLastRecordSaysWhichPartitionsItsPushTouchedAndWhereTheOthersStand() {
        PushStamp last = new PushStamp("ingest-a", T, true, new long[] {T, 0, T - 700, T});

        assertTrue(last.touched(0));
        assertFalse(last.touched(1), "never written");
        assertFalse(last.touched(2), "written by an earlier push");
        assertTrue(last.touched(3));
        assertFalse(last.touched(9), "a partition it does not know of");
        assertEquals(T - 700, last.latestIn(2));
        assertEquals(4, last.partitions());
    }

    @Test
    void aPushIsWholeInAPartitionOnceItsLastRecordThereIsRead() {
        assertEquals(T, new PushStamp("w", T, true, new long[] {T}).wholeThrough());
        assertEquals(T - 1, PushStamp.inner("w", T).wholeThrough(), "more of it may follow");
    }

    @Test
    void encodedAndDecodedItIsTheSameStamp() {
        PushStamp last = new PushStamp("ingest-ü", T, true, new long[] {T, 0, T - 700, T});
        PushStamp inner = PushStamp.inner("ingest-ü", T);

        assertEquals(last, PushStamp.decode(last.encode()));
        assertEquals(inner, PushStamp.decode(inner.encode()));
        assertArrayEquals(
                new long[] {T, 0, T - 700, T}, PushStamp.decode(last.encode()).latest());
    }

    @Test
    void aLastRecordOfManyPartitionsStaysSmall() {
        long[] latest = new long[32];
        java.util.Arrays.fill(latest, T);
        // one byte per touched partition: the header rides on one record per partition and push
        assertTrue(new PushStamp("ingest-0123456789", T, true, latest).encode().length < 70);
    }

    @Test
    void bytesThatAreNotAStampAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PushStamp.decode(null));
        assertThrows(IllegalArgumentException.class, () -> PushStamp.decode(new byte[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> PushStamp.decode(new byte[] {9, 0, 1, 1, 'w'}));
        byte[] truncated = PushStamp.inner("writer", T).encode();
        assertThrows(
                IllegalArgumentException.class,
                () -> PushStamp.decode(java.util.Arrays.copyOf(truncated, truncated.length - 2)));
    }

    @Test
    void aStampMustBeConsistent() {
        assertThrows(IllegalArgumentException.class, () -> PushStamp.inner("", T));
        assertThrows(IllegalArgumentException.class, () -> PushStamp.inner("w", 0));
        assertThrows(IllegalArgumentException.class, () -> new PushStamp("w", T, false, new long[] {T}));
        assertThrows(IllegalArgumentException.class, () -> new PushStamp("w", T, true, new long[] {T + 1}));
    }
}
