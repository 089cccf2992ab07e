package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grouping and its timers as timelines (Alertmanager's acceptance-test style): group_wait gathers
 * a group's first alerts, then the group is flushed on its group_interval ticks (30, 330, 630...
 * here): news and resolves go out at the next tick, repeat_interval re-sends at the first tick
 * past it. Times are seconds after the first push.
 */
class GroupingTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 1h
            receivers:
              - name: team
                console_configs: [{}]
            """;
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:05Z");

    @TempDir
    Path stateDir;

    private Timeline t;

    @BeforeEach
    void start() {
        t = new Timeline(CONFIG, stateDir, T0);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static Alert firing(String instance) {
        return TestAlerts.firing("HighCpu", "instance", instance);
    }

    private static Alert resolved(String instance) {
        return TestAlerts.resolved("HighCpu", "instance", instance);
    }

    @Test
    void alertsArrivingWithinGroupWaitAreToldTogether() {
        t.at(0).push(firing("db-1"));
        t.at(10).push(firing("db-2"));
        t.at(29.8);
        assertEquals(List.of(), t.told());
        t.at(30);
        assertEquals(List.of("team firing db-1,db-2"), t.told());
    }

    @Test
    void newsAfterTheFirstNotificationWaitsForGroupInterval() {
        t.at(0).push(firing("db-1"));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(60).push(firing("db-2"));
        t.at(329.8);
        assertEquals(List.of(), t.told());
        t.at(330);
        assertEquals(List.of("team firing db-1,db-2"), t.told());
    }

    @Test
    void theSameStateIsNeverToldTwiceButRepeatsAfterRepeatInterval() {
        t.at(0).push(firing("db-1"));
        t.at(30);
        assertEquals(1, t.told().size());
        for (int s = 60; s < 3600; s += 60) {
            t.at(s).push(firing("db-1"));
        }
        t.at(3630);
        assertEquals(List.of(), t.told(), "told at 30: at 3630 it is exactly, not more than, an hour old");
        t.at(3929.8);
        assertEquals(List.of(), t.told());
        t.at(3930);
        assertEquals(List.of("team firing db-1"), t.told());
    }

    @Test
    void aNewMemberIsToldAtTheGroupsNextTickNotGroupIntervalAfterItArrived() {
        t.at(0).push(firing("db-1"));
        t.at(30);
        t.told();
        t.at(340);
        t.at(600).push(firing("db-2"));
        t.at(629.8);
        assertEquals(List.of(), t.told());
        t.at(630);
        assertEquals(List.of("team firing db-1,db-2"), t.told());
    }

    @Test
    void aResolveGoesOutAtTheGroupsNextTick() {
        t.at(0).push(firing("db-1"), firing("db-2"));
        t.at(30);
        t.told();
        t.at(40).push(postedResolved("db-1", 40));
        t.at(329.8);
        assertEquals(List.of(), t.told());
        t.at(330);
        assertEquals(List.of("team firing db-1(resolved),db-2"), t.told());
        t.at(350).push(resolved("db-2"));
        t.at(630);
        assertEquals(List.of("team resolved db-2"), t.told());
    }

    @Test
    void aRouteWithResolveWaitTellsResolvesThatSoonInstead() {
        t.close();
        t = new Timeline(
                CONFIG.replace("repeat_interval: 1h", "repeat_interval: 1h\n  resolve_wait: 2s"), stateDir, T0);
        t.at(0).push(firing("db-1"), firing("db-2"));
        t.at(30);
        t.told();
        t.at(40).push(postedResolved("db-1", 40));
        t.at(41.8);
        assertEquals(List.of(), t.told());
        t.at(42);
        assertEquals(List.of("team firing db-1(resolved),db-2"), t.told());
        t.at(330);
        assertEquals(List.of(), t.told(), "the ticks stay where they were");
        t.at(400).push(firing("db-3"));
        t.at(630);
        assertEquals(List.of("team firing db-2,db-3"), t.told());
    }

    @Test
    void anAlertThatStartedLongerThanGroupWaitAgoIsToldWithinHalfASecond() {
        t.at(0).push(TestAlerts.startingAt(firing("db-1"), T0.minusSeconds(60)));
        t.at(0.2).push(TestAlerts.startingAt(firing("db-2"), T0.minusSeconds(60)));
        t.at(0.4);
        assertEquals(List.of(), t.told(), "waiting for the rest of its batch");
        t.at(0.5);
        assertEquals(List.of("team firing db-1,db-2"), t.told());
    }

    @Test
    void anAlertThatResolvesWithinGroupWaitIsNeverTold() {
        t.at(0).push(firing("db-1"));
        t.at(10).push(resolved("db-1"));
        t.at(600);
        assertEquals(List.of(), t.told());
    }

    @Test
    void aGroupThatClosedOpensAgainWithItsOwnGroupWait() {
        t.at(0).push(firing("db-1"));
        t.at(30).push(resolved("db-1"));
        t.at(330);
        assertEquals(List.of("team firing db-1", "team resolved db-1"), t.told());
        t.at(400).push(TestAlerts.startingAt(firing("db-1"), T0.plusSeconds(400)));
        t.at(429.8);
        assertEquals(List.of(), t.told());
        t.at(430);
        assertEquals(List.of("team firing db-1"), t.told());
    }

    @Test
    void anAlertThatFiresAgainWithANewStartIsNews() {
        t.at(0).push(firing("db-1"));
        t.at(30);
        t.told();
        t.at(60).push(TestAlerts.startingAt(firing("db-1"), T0.plusSeconds(60)));
        t.at(330);
        assertEquals(List.of("team firing db-1"), t.told());
    }

    @Test
    void anAlertWhoseEndsAtPassesIsToldResolvedThen() {
        Alert withEnd = new Alert(
                firing("db-1").labels(),
                Map.of(),
                io.tocsin.core.wire.AlertState.FIRING,
                1,
                T0,
                T0.plusSeconds(120),
                "api",
                "",
                "");
        t.at(0).push(withEnd);
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(329.8);
        assertEquals(List.of(), t.told(), "its endsAt passed at 120; the next tick is 330");
        t.at(330);
        assertEquals(List.of("team resolved db-1"), t.told());
    }

    @Test
    void otherGroupsKeepTheirOwnTimers() {
        t.at(0).push(firing("db-1"));
        t.at(20).push(TestAlerts.firing("DiskFull", "instance", "db-9"));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(50);
        assertEquals(List.of("team firing db-9"), t.told());
    }

    /** What POST /api/v2/alerts makes of an alert posted without startsAt at second {@code s} (amtool alert add). */
    private static Alert posted(String instance, double s) {
        Instant at = T0.plusMillis((long) (s * 1000));
        return new Alert(
                firing(instance).labels(),
                Map.of(),
                AlertState.FIRING,
                Double.NaN,
                at,
                at.plusSeconds(300),
                "api",
                "",
                "");
    }

    /** ... and of one posted with an endsAt that has passed, and no startsAt. */
    private static Alert postedResolved(String instance, double s) {
        Instant at = T0.plusMillis((long) (s * 1000));
        return new Alert(firing(instance).labels(), Map.of(), AlertState.RESOLVED, Double.NaN, at, at, "api", "", "");
    }

    @Test
    void aRepostOfAFiringAlertWithoutStartsAtIsTheSameFiringAndPagesNobodyAgain() {
        t.at(0).push(posted("db-1", 0));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(32).push(posted("db-1", 32));
        t.at(60).push(posted("db-1", 60));
        t.at(340);
        assertEquals(List.of(), t.told(), "the same firing, its endsAt refreshed past 300 s: nothing new to tell");
    }

    @Test
    void anAlertPostedAgainAfterItResolvedIsANewFiring() {
        t.at(0).push(posted("db-1", 0));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(40).push(postedResolved("db-1", 40));
        t.at(330);
        assertEquals(List.of("team resolved db-1"), t.told());
        t.at(400).push(posted("db-1", 400));
        t.at(430);
        assertEquals(List.of("team firing db-1"), t.told(), "a new firing after the resolve");
    }
}
