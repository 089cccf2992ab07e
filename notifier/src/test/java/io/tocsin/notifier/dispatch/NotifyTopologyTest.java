package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatch topology's wiring: keys, ledger entries, stores, bad input. Timing is in GroupingTimelineTest. */
class NotifyTopologyTest {
    private static final String CONFIG = """
            route:
              receiver: ops
              group_by: [alertname]
              group_wait: 0s
              group_interval: 10s
              repeat_interval: 1h
              routes:
                - matchers: ['team="web"']
                  receiver: web
                  continue: true
                - matchers: ['severity="critical"']
                  receiver: pager
            receivers:
              - name: ops
                console_configs: [{}]
              - name: web
                console_configs: [{}]
              - name: pager
                console_configs: [{}]
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

    @Test
    void aFiringAlertBecomesOneDecisionKeyedByItsGroup() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        t.push(cpu);

        List<LedgerEntry> out = t.decisions();
        assertEquals(1, out.size());
        LedgerEntry d = out.get(0);
        assertEquals("ops/{}:{alertname=\"HighCpu\"}", d.key());
        assertEquals(LedgerEntry.Kind.DECISION, d.kind());
        assertEquals("ops", d.receiver());
        assertEquals(Labels.of("alertname", "HighCpu"), d.groupLabels());
        assertEquals(AlertState.FIRING, d.status());
        assertEquals(List.of(cpu), d.alerts());
        assertEquals(Decision.NOTIFY_FIRING.reason(), d.detail());
        assertEquals(t.clock.instant(), d.at());
        assertEquals(
                1.0,
                t.registry
                        .counter("tocsin.notifier.decisions", "receiver", "ops", "status", "firing")
                        .count());
    }

    @Test
    void everyDecisionOfAGroupHasItsOwnStableId() {
        t.push(TestAlerts.firing("HighCpu", "instance", "db-1"));
        t.push(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        t.at(10);
        List<LedgerEntry> out = t.decisions();
        assertEquals(2, out.size());
        assertNotEquals(out.get(0).id(), out.get(1).id());
        String group = "ops/{}:{alertname=\"HighCpu\"}";
        assertEquals(
                DecisionId.of(group, t.clock.instant().minusSeconds(10), 1),
                out.get(0).id());
    }

    @Test
    void aClosedGroupIsForgottenWithItsTimers() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        t.push(cpu);
        t.push(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        t.at(10);
        KeyValueStore<String, byte[]> groups = t.driver.getKeyValueStore(NotifyTopology.GROUPS);
        KeyValueStore<String, String> due = t.driver.getKeyValueStore(NotifyTopology.DUE);
        KeyValueStore<String, Memberships> members = t.driver.getKeyValueStore(NotifyTopology.MEMBERSHIPS);
        assertNull(groups.get("ops/{}:{alertname=\"HighCpu\"}"));
        try (var it = groups.all()) {
            assertTrue(!it.hasNext(), "no group header or member entry left");
        }
        try (var it = due.all()) {
            assertTrue(!it.hasNext(), "no timer left");
        }
        assertNull(members.get(cpu.fingerprint()));
    }

    @Test
    void aResolveForAnAlertNobodyWasToldAboutSendsNothing() {
        t.push(TestAlerts.pending("HighCpu", "instance", "db-1"));
        t.push(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        t.at(60);
        assertTrue(t.told().isEmpty());
    }

    @Test
    void continueSendsOneAlertToTwoReceiversAndBothHearTheResolve() {
        t.push(TestAlerts.firing("SiteDown", "team", "web", "severity", "critical"));
        t.push(TestAlerts.resolved("SiteDown", "team", "web", "severity", "critical"));
        t.at(10);

        List<String> out = t.decisions().stream()
                .map(d -> d.receiver() + " " + d.status().wireName() + " " + d.groupKey())
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "pager firing {}/{severity=\"critical\"}:{alertname=\"SiteDown\"}",
                        "pager resolved {}/{severity=\"critical\"}:{alertname=\"SiteDown\"}",
                        "web firing {}/{team=\"web\"}:{alertname=\"SiteDown\"}",
                        "web resolved {}/{team=\"web\"}:{alertname=\"SiteDown\"}"),
                out);
    }

    @Test
    void undecodableRecordsAreSkippedAndLaterOnesStillFlow() {
        TestInputTopic<String, byte[]> raw =
                t.driver.createInputTopic(Topics.ALERTS, new StringSerializer(), new ByteArraySerializer());
        raw.pipeInput("junk", "{not json".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput("nostate", "{\"labels\":{\"alertname\":\"X\"}}".getBytes(StandardCharsets.UTF_8));
        t.push(TestAlerts.firing("HighCpu", "instance", "db-1"));
        assertEquals(1, t.decisions().size());
    }

    @Test
    void recordsNotKeyedByTheirFingerprintAreSkippedAndCounted() {
        TestInputTopic<String, Alert> alerts = t.driver.createInputTopic(
                Topics.ALERTS,
                new StringSerializer(),
                io.tocsin.core.json.JsonSerde.of(Alert.class).serializer());
        alerts.pipeInput("not-the-fingerprint", TestAlerts.firing("HighCpu", "instance", "db-1"));
        assertTrue(t.decisions().isEmpty());
        assertEquals(
                1.0,
                t.registry
                        .counter("tocsin.notifier.dispatch.skipped", "reason", "bad_key")
                        .count());
    }

    @Test
    void theReadViewHoldsWhatTheGroupStoreHoldsAsGroupsOpenChangeAndClose() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1", "team", "web");
        Alert disk = TestAlerts.firing("DiskFull", "instance", "db-2");
        t.push(cpu, disk);
        assertEquals(storeContents(), viewContents());
        assertEquals(2, t.view.size(), "HighCpu to web, DiskFull to ops");

        t.at(5).push(TestAlerts.resolved("DiskFull", "instance", "db-2"));
        t.at(10);
        assertEquals(storeContents(), viewContents());

        t.close();
        assertEquals(0, t.view.size(), "a task that stops here takes its groups out of the view");
        t = new Timeline(CONFIG, stateDir, Instant.parse("2026-01-10T10:00:05Z"));
    }

    private java.util.Map<String, AlertGroup> storeContents() {
        KeyValueStore<String, byte[]> store = t.driver.getKeyValueStore(NotifyTopology.GROUPS);
        HeldGroups read = new HeldGroups();
        try (var it = store.all()) {
            read.load(() -> it);
        }
        java.util.Map<String, AlertGroup> out = new java.util.TreeMap<>();
        read.forEach(out::put);
        return out;
    }

    private java.util.Map<String, AlertGroup> viewContents() {
        java.util.Map<String, AlertGroup> out = new java.util.TreeMap<>();
        t.view.all().forEach(g -> out.put(g.ref().id(), g));
        return out;
    }
}
