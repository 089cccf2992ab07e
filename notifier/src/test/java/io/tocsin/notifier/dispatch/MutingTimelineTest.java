package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.silence.Silence;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences and inhibition as timelines, and the resolve contract through them. */
class MutingTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 1h
              resolve_wait: 2s
            receivers:
              - name: team
                console_configs: [{}]
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [instance]
            """;

    @TempDir
    Path stateDir;

    private Timeline t;

    @BeforeEach
    void start() {
        t = new Timeline(CONFIG, stateDir, Instant.parse("2026-01-10T10:00:05Z"));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static Alert cpu(String instance) {
        return TestAlerts.firing("HighCpu", "instance", instance, "severity", "warning");
    }

    private static Alert cpuResolved(String instance) {
        return TestAlerts.resolved("HighCpu", "instance", instance, "severity", "warning");
    }

    @Test
    void aSilencedAlertIsNotToldButItsUnsilencedNeighbourIs() {
        t.at(0).silence("s1", 3600, "instance=\"db-1\"");
        t.push(cpu("db-1"), cpu("db-2"));
        t.at(600);
        assertEquals(List.of("team firing db-2"), t.told());
    }

    @Test
    void regexSilencesMatchWholeValues() {
        t.at(0).silence("s1", 3600, "instance=~\"db-.*\"");
        t.push(cpu("db-1"), cpu("web-db-2"));
        t.at(30);
        assertEquals(List.of("team firing web-db-2"), t.told());
    }

    @Test
    void aReceiverToldFiringIsToldResolvedEvenWhileSilenced() {
        t.at(0).push(cpu("db-1"));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());
        t.at(40).silence("s1", 3600, "alertname=\"HighCpu\"");
        t.at(60).push(cpuResolved("db-1"));
        t.at(62);
        assertEquals(List.of("team resolved db-1"), t.told());
    }

    @Test
    void aSilencedAlertIsNotRepeated() {
        t.at(0).push(cpu("db-1"));
        t.at(30).told();
        t.silence("s1", 7200, "instance=\"db-1\"");
        t.at(3700);
        assertEquals(List.of(), t.told());
    }

    @Test
    void whenTheSilenceEndsTheAlertIsToldAtTheNextGroupInterval() {
        Silence s = t.at(0).silence("s1", 3600, "instance=\"db-1\"");
        t.push(cpu("db-1"));
        t.at(100).expire(s);
        t.at(329);
        assertEquals(List.of(), t.told());
        t.at(330);
        assertEquals(List.of("team firing db-1"), t.told());
    }

    @Test
    void aCriticalAlertInhibitsWarningsOnTheSameInstanceOnly() {
        t.at(0).push(TestAlerts.firing("DbDown", "instance", "db-1", "severity", "critical"));
        t.push(cpu("db-1"), cpu("db-2"));
        t.at(30);
        assertEquals(
                List.of("team firing db-1", "team firing db-2"),
                t.told().stream().sorted().toList());
    }

    @Test
    void aWarningToldBeforeItWasInhibitedStillHearsItsResolve() {
        t.at(0).push(cpu("db-1"));
        t.at(30).told();
        t.at(40).push(TestAlerts.firing("DbDown", "instance", "db-1", "severity", "critical"));
        t.at(70);
        assertEquals(List.of("team firing db-1"), t.told(), "the critical one");
        t.at(80).push(cpuResolved("db-1"));
        t.at(82);
        assertEquals(List.of("team resolved db-1"), t.told());
    }
}
