package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.config.LiveConfig;
import io.tocsin.notifier.config.NotifierConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config reload as a timeline: what comes next follows the new config, what is under way carries on. */
class ReloadTimelineTest {
    private static final Instant START = Instant.parse("2026-01-10T10:00:05Z");
    private static final String TO_TEAM = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 1h
            receivers:
              - name: team
                console_configs: [{}]
              - name: db
                console_configs: [{}]
            """;
    private static final String DB_TO_DB = TO_TEAM.replace("""
              repeat_interval: 1h
            """, """
              repeat_interval: 1h
              routes:
                - receiver: db
                  matchers: ['alertname="DbDown"']
            """);
    private static final String WITH_INHIBITION = TO_TEAM + """
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [instance]
            """;

    @TempDir
    Path stateDir;

    private LiveConfig live;
    private Timeline t;

    private Timeline start(String yaml) {
        live = new LiveConfig(config(yaml), START);
        t = new Timeline(live, stateDir, START);
        return t;
    }

    private static NotifierConfig config(String yaml) {
        return NotifierConfig.parse(yaml, "notify.yml", Map.of());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void anAlertAfterAReloadIsRoutedByTheNewRoutes() {
        start(TO_TEAM).at(0).push(TestAlerts.firing("DbDown", "instance", "db-1"));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());

        live.swap(config(DB_TO_DB), t.clock.instant());
        t.at(40).push(TestAlerts.firing("DbDown", "instance", "db-2"));
        t.at(70);
        assertEquals(List.of("db firing db-2"), t.told());
    }

    @Test
    void aGroupOpenBeforeTheReloadKeepsItsReceiverAndIsToldTheResolve() {
        start(TO_TEAM).at(0).push(TestAlerts.firing("DbDown", "instance", "db-1"));
        t.at(30);
        assertEquals(List.of("team firing db-1"), t.told());

        live.swap(config(DB_TO_DB), t.clock.instant());
        t.at(60).push(TestAlerts.resolved("DbDown", "instance", "db-1"));
        t.at(330);
        assertEquals(List.of("team resolved db-1"), t.told());
    }

    @Test
    void inhibitRulesAddedByAReloadInhibitFromThen() {
        Alert warning = TestAlerts.firing("HighCpu", "instance", "db-1", "severity", "warning");
        Alert critical = TestAlerts.firing("DbDown", "instance", "db-1", "severity", "critical");
        start(TO_TEAM);
        live.swap(config(WITH_INHIBITION), t.clock.instant());
        t.at(0).push(critical, warning);
        t.at(30);
        assertEquals(
                List.of("DbDown"),
                t.decisions().stream()
                        .flatMap(d -> d.alerts().stream())
                        .map(a -> a.labels().get("alertname"))
                        .toList());
    }
}
