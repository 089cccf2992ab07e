package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Due-index keys sort by time as the zero-padded format did, and read back their time. */
class DueIndexTest {
    @Test
    void timesArePaddedAsTheFormatPaddedThem() {
        long[] millis = {0, 1, 9, 10, 1_796_493_712_483L, Long.MAX_VALUE, -5};
        for (long m : millis) {
            assertEquals(String.format("%019d", Math.max(0, m)), DueIndex.padded(m));
        }
    }

    @Test
    void keysSortByDueTimeAndReadBackTheirTime() {
        String early = DueIndex.key(Instant.ofEpochMilli(999), "z/g");
        String late = DueIndex.key(Instant.ofEpochMilli(1000), "a/g");
        assertTrue(early.compareTo(late) < 0);
        assertEquals(1000, DueIndex.millis(late));
        assertTrue(late.compareTo(DueIndex.upTo(Instant.ofEpochMilli(1000))) < 0);
        assertTrue(
                DueIndex.key(Instant.ofEpochMilli(1001), "a").compareTo(DueIndex.upTo(Instant.ofEpochMilli(1000))) > 0);
    }
}
