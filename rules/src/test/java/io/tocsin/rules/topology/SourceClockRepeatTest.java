package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Unchanged progress tells a stage-2 task that heard it nothing: it is repeated when a task may
 * have started anew unheard (a rebalance, a stage-2 task's start on this instance, an announced
 * rule-set change) and otherwise every repeat period, while the clock still looks every keep-alive
 * period (issue 20).
 */
class SourceClockRepeatTest {
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final long IDLE_AFTER = 10_000;
    private static final long KEEP_ALIVE = 5_000;
    private static final long REPEAT = 30_000;
    private static final long RECHECK = 100;

    private final long[] rebalances = {0};
    private final Listeners listeners = new Listeners(new InputLag() {
        @Override
        public long behind(String topic, int partition) {
            return -1;
        }

        @Override
        public long rebalances() {
            return rebalances[0];
        }
    });

    private SourceClock idleAt(long now) {
        SourceClock clock = new SourceClock(SOURCE, IDLE_AFTER, KEEP_ALIVE, REPEAT, 0, () -> true, listeners::epoch);
        clock.read(900, 1_000);
        clock.due(1_100);
        assertEquals(new Progress(SOURCE, 900, true), clock.due(now), "idle 10 s after its last read");
        return clock;
    }

    @Test
    void anIdleSourceLooksEveryKeepAliveAndRepeatsOnlyOnTheRepeatGrid() {
        SourceClock clock = idleAt(11_000);
        assertEquals(15_000, clock.nextDue(11_000, RECHECK), "it looks on the 5 s grid");
        assertNull(clock.due(15_000), "nothing to say at the look");
        assertEquals(20_000, clock.nextDue(15_000, RECHECK), "the next look");
        assertNull(clock.due(20_000));
        assertNull(clock.due(25_000));
        assertNull(clock.due(29_999));
        assertEquals(new Progress(SOURCE, 900, true), clock.due(30_000), "repeated on the 30 s grid");
        assertEquals(35_000, clock.nextDue(30_000, RECHECK));
        assertNull(clock.due(55_000));
        assertEquals(new Progress(SOURCE, 900, true), clock.due(60_000));
    }

    @Test
    void aRebalanceIsAnsweredAtTheNextLook() {
        SourceClock clock = idleAt(11_000);
        assertNull(clock.due(15_000));
        rebalances[0]++; // a stage-2 task may have moved: its new owner has heard nothing yet
        assertEquals(new Progress(SOURCE, 900, true), clock.due(20_000), "repeated after the rebalance");
        assertNull(clock.due(25_000), "once");
    }

    @Test
    void aStageTwoStartHereIsAnsweredAtTheNextLook() {
        SourceClock clock = idleAt(11_000);
        assertNull(clock.due(15_000));
        // revived alone after Streams found it corrupted: no rebalance need be counted
        listeners.stageTwoStarted();
        assertEquals(20_000, clock.nextDue(15_000, RECHECK), "the next look, not the 30 s repeat");
        assertEquals(new Progress(SOURCE, 900, true), clock.due(20_000), "repeated for the new task");
        assertNull(clock.due(25_000), "once");
        assertEquals(new Progress(SOURCE, 900, true), clock.due(30_000), "then on the repeat grid as before");
    }

    @Test
    void aRebalanceAndAStartBetweenTwoLooksRepeatOnce() {
        SourceClock clock = idleAt(11_000);
        rebalances[0]++;
        listeners.stageTwoStarted();
        listeners.stageTwoStarted();
        assertEquals(new Progress(SOURCE, 900, true), clock.due(15_000));
        assertNull(clock.due(20_000), "one repeat answers all of them");
    }

    @Test
    void anAnnouncementIsDueAtOnceAndRepeatsOnce() {
        SourceClock clock = idleAt(11_000);
        clock.announce();
        assertEquals(12_000, clock.nextDue(12_000, RECHECK), "due at once");
        assertEquals(new Progress(SOURCE, 900, true), clock.due(12_000));
        assertEquals(15_000, clock.nextDue(12_000, RECHECK), "then back to the keep-alive looks");
        assertNull(clock.due(15_000), "once");
    }

    @Test
    void changedProgressGoesAtOnceWhateverTheGrid() {
        SourceClock clock = idleAt(11_000);
        clock.read(16_000, 16_000);
        assertEquals(new Progress(SOURCE, 16_000, false), clock.due(16_100), "busy again: sent");
        assertEquals(20_000, clock.nextDue(16_100, RECHECK), "a look before the idle timeout");
        assertNull(clock.due(20_000), "unchanged");
        assertEquals(25_000, clock.nextDue(20_000, RECHECK), "the next look comes before the idle timeout");
        assertNull(clock.due(25_000));
        assertEquals(26_000, clock.nextDue(25_000, RECHECK), "then the idle timeout");
        assertEquals(new Progress(SOURCE, 16_000, true), clock.due(26_000), "idle again: sent");
    }
}
