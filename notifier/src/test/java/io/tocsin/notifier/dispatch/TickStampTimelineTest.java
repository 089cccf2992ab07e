package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush taken from the due index stands for the tick it was due at. The index keys due times
 * by the millisecond, while a group's ticks keep the clock's sub-millisecond part (a group opened
 * with group_wait 0s ticks from the moment its first alert came): the timer of a tick at
 * .000400 runs once the clock reads .000, and the flush must not be stamped with the tick before
 * (a whole group_interval early, before the resolve it tells even arrived).
 */
class TickStampTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: ['...']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 4h
            receivers:
              - name: team
                console_configs: [{}]
            """;
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:05.000400Z");

    @TempDir
    Path stateDir;

    @Test
    void aResolveFlushedWithinItsTicksMillisecondIsStampedWithThatTick() {
        try (Timeline t = new Timeline(CONFIG, stateDir, T0)) {
            t.at(0).push(TestAlerts.firing("DbDown", "instance", "db-1"));
            List<LedgerEntry> fired = t.decisions();
            assertEquals(1, fired.size());
            assertEquals(T0, fired.get(0).at(), "group_wait 0s: told at once, and its ticks count from then");

            t.at(1.5).push(TestAlerts.resolved("DbDown", "instance", "db-1"));
            assertEquals(List.of(), t.told(), "a resolve waits for the group's next tick, as in Alertmanager");

            // The stream thread's timer runs when its wall clock reaches the tick's millisecond;
            // the notifier's clock then reads a fraction of a millisecond short of the tick.
            t.clock.advance(Duration.ofNanos(499_700_000));
            t.driver.advanceWallClockTime(Duration.ofMillis(500));
            List<LedgerEntry> resolved = t.decisions();
            assertEquals(1, resolved.size());
            assertEquals(AlertState.RESOLVED, resolved.get(0).status());
            assertEquals(
                    T0.plusSeconds(2), resolved.get(0).at(), "the tick the resolve was due at, not the one before");
        }
    }
}
