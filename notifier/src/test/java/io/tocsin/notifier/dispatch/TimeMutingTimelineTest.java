package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.TestAlerts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route's mute_time_intervals as a timeline, starting 21:59:30 UTC; the mute window is 22:00-23:00. */
class TimeMutingTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_wait: 10s
              group_interval: 1m
              resolve_wait: 2s
              routes:
                - receiver: team
                  group_by: [alertname]
                  mute_time_intervals: [nightly-maintenance]
            receivers:
              - name: team
            time_intervals:
              - name: nightly-maintenance
                time_intervals:
                  - times: [{start_time: '22:00', end_time: '23:00'}]
            """;

    @TempDir
    Path stateDir;

    private Timeline t;

    @BeforeEach
    void start() {
        t = new Timeline(CONFIG, stateDir, Instant.parse("2026-01-10T21:59:30Z"));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void alertsInTheMuteWindowAreToldWhenItEndsAndResolvesAreToldEvenInside() {
        t.at(0).push(TestAlerts.firing("Backup", "instance", "db-1"));
        t.at(10);
        assertEquals(List.of("team firing db-1"), t.told(), "21:59:40, before the window");
        t.at(40).push(TestAlerts.firing("Backup", "instance", "db-2"));
        t.at(3600);
        assertEquals(List.of(), t.told(), "nothing new is told inside the window");
        t.at(3700);
        assertEquals(
                List.of("team firing db-1,db-2"),
                t.told(),
                "told once the window ended (alerts in Alertmanager's order: by instance)");
    }

    @Test
    void aResolveInsideTheWindowStillReachesWhoHeardItFire() {
        t.at(0).push(TestAlerts.firing("Backup", "instance", "db-1"));
        t.at(10).told();
        t.at(100).push(TestAlerts.resolved("Backup", "instance", "db-1"));
        t.at(102);
        assertEquals(List.of("team resolved db-1"), t.told());
    }
}
