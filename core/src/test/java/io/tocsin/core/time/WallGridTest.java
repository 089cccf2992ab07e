package io.tocsin.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WallGridTest {
    @ParameterizedTest(name = "{0} ms on a {1} ms grid: {2} ms to the next line")
    @CsvSource(textBlock = """
            0,             15000, 0
            1,             15000, 14999
            14999,         15000, 1
            15000,         15000, 0
            1796586041101, 15000, 3899
            1796586041101, 1000,  899
            -1,            15000, 1
            """)
    void waitsForTheNextMultipleOfThePeriod(long now, long period, long wait) {
        assertEquals(wait, WallGrid.untilNext(now, period));
    }

    @Test
    void timersStartedApartFireTogether() {
        long period = 15_000;
        long a = 1_796_586_041_101L;
        for (long b : new long[] {a + 1, a + 2_000, a + 6_789, a + 40_000}) {
            long firstA = a + WallGrid.untilNext(a, period);
            long firstB = b + WallGrid.untilNext(b, period);
            assertEquals(0, Math.floorMod(firstB - firstA, period), "started " + (b - a) + " ms apart");
        }
    }

    @Test
    void aPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> WallGrid.untilNext(1, 0));
    }
}
