package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SourceClockNextDueTest {
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final long RECHECK = 100;

    @Test
    void aSourceThatHasNotReportedIsDueAtOnce() {
        SourceClock clock = new SourceClock(SOURCE, 10_000, 5_000, 0, () -> false);
        assertEquals(50, clock.nextDue(50, RECHECK));
    }

    @Test
    void anIdleSourceIsDueOnlyAtTheNextKeepAlivePeriodAndSaysNothingBefore() {
        SourceClock clock = new SourceClock(SOURCE, 10_000, 5_000, 0, () -> true);
        clock.read(900, 1_000);
        clock.due(1_100);
        assertEquals(new Progress(SOURCE, 900, true), clock.due(11_000), "idle 10 s after its last read");
        assertEquals(15_000, clock.nextDue(11_000, RECHECK), "the keep-alive, on the 5 s grid");
        assertNull(clock.due(14_999), "nothing to say before it");
        assertEquals(new Progress(SOURCE, 900, true), clock.due(15_000), "repeated at it");
        assertEquals(20_000, clock.nextDue(15_020, RECHECK), "the next period, even when the tick came late");
    }

    @Test
    void aBusySourceIsDueWhenItWouldTurnIdle() {
        SourceClock clock = new SourceClock(SOURCE, 10_000, 5_000, 0, () -> true);
        clock.read(900, 1_000);
        clock.due(1_100);
        clock.read(3_900, 4_000);
        assertEquals(5_000, clock.nextDue(4_000, RECHECK), "the keep-alive comes first");
        clock.due(5_000);
        assertEquals(10_000, clock.nextDue(5_000, RECHECK), "then the next keep-alive");
        clock.due(10_000);
        assertEquals(14_000, clock.nextDue(10_000, RECHECK), "then the idle timeout after the last read");
    }

    @Test
    void aSourceThatReadNothingChecksItsFetchBetweenTheEarlyAndTheFullIdleTimeout() {
        boolean[] fetched = {false};
        SourceClock clock = new SourceClock(SOURCE, 10_000, 5_000, 0, () -> fetched[0]);
        clock.due(10);
        assertEquals(SourceClock.STARTUP_IDLE_MS, clock.nextDue(10, RECHECK), "not before the early timeout");
        clock.due(SourceClock.STARTUP_IDLE_MS);
        assertEquals(3_100, clock.nextDue(3_000, RECHECK), "then every recheck");
        fetched[0] = true;
        assertEquals(new Progress(SOURCE, 0, true), clock.due(3_100));
        assertEquals(5_000, clock.nextDue(3_100, RECHECK), "idle: only the keep-alive");
    }
}
