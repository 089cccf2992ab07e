package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatch topology, built by the service's own factory and driven without a broker. */
class NotifyTopologyTest {
    private static final String CONFIG = """
            route:
              receiver: ops
              group_by: [alertname]
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

    private final ManualClock clock = ManualClock.at("2026-01-10T10:00:05Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestOutputTopic<String, LedgerEntry> decisions;

    @BeforeEach
    void start() {
        NotifierConfig config = NotifierConfig.parse(CONFIG, "notify.yml", Map.of());
        Properties props = NotifyTopology.streamsConfig("notify-test", "unused:9092", stateDir, 1);
        driver = new TopologyTestDriver(NotifyTopology.build(config, clock, registry), props);
        alerts = driver.createInputTopic(Topics.ALERTS, new StringSerializer(), JsonSerde.of(Alert.class).serializer());
        decisions = driver.createOutputTopic(Topics.NOTIFICATIONS, new StringDeserializer(),
                JsonSerde.of(LedgerEntry.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Alert alert) {
        alerts.pipeInput(alert.fingerprint(), alert);
    }

    @Test
    void aFiringAlertBecomesOneDecisionForItsReceiver() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        send(cpu);

        List<org.apache.kafka.streams.test.TestRecord<String, LedgerEntry>> out = decisions.readRecordsToList();
        assertEquals(1, out.size());
        LedgerEntry d = out.get(0).value();
        assertEquals("ops/{}:{alertname=\"HighCpu\"}", out.get(0).key());
        assertEquals(LedgerEntry.Kind.DECISION, d.kind());
        assertEquals("ops", d.receiver());
        assertEquals(AlertState.FIRING, d.status());
        assertEquals(List.of(cpu), d.alerts());
        assertEquals(DecisionId.of("ops", cpu.fingerprint(), AlertState.FIRING, cpu.startsAt(), 0), d.id());
        assertEquals(Decision.NOTIFY_FIRING.reason(), d.detail());
        assertEquals(clock.instant(), d.at());
        assertEquals(1.0, registry.counter("tocsin.notifier.decisions", "receiver", "ops", "status", "firing").count());
    }

    @Test
    void theSameFiringAgainIsNotSentTwice() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        send(cpu);
        clock.advance(Duration.ofMinutes(1));
        send(cpu);
        assertEquals(1, decisions.readRecordsToList().size());
    }

    @Test
    void aFiringAlertIsRepeatedOnceRepeatIntervalHasPassed() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        send(cpu);
        clock.advance(Duration.ofHours(1));
        send(cpu);
        List<LedgerEntry> out = decisions.readValuesToList();
        assertEquals(2, out.size());
        assertEquals(Decision.NOTIFY_REPEAT.reason(), out.get(1).detail());
        assertTrue(!out.get(0).id().equals(out.get(1).id()), "a repeat has its own id");
    }

    @Test
    void aResolveReachesTheReceiverThatWasToldItFired() {
        send(TestAlerts.firing("HighCpu", "instance", "db-1"));
        Alert resolved = TestAlerts.resolved("HighCpu", "instance", "db-1");
        send(resolved);

        List<LedgerEntry> out = decisions.readValuesToList();
        assertEquals(2, out.size());
        assertEquals(AlertState.RESOLVED, out.get(1).status());
        assertEquals(List.of(resolved), out.get(1).alerts());
        assertEquals(out.get(0).groupKey(), out.get(1).groupKey());
        KeyValueStore<String, Sent> store = driver.getKeyValueStore(NotifyTopology.STORE);
        assertEquals(null, store.get(resolved.fingerprint() + "/ops"), "the receiver's entry is forgotten");
    }

    @Test
    void aResolveForAnAlertNobodyWasToldAboutSendsNothing() {
        send(TestAlerts.pending("HighCpu", "instance", "db-1"));
        send(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        assertTrue(decisions.isEmpty());
    }

    @Test
    void theSameResolveTwiceIsSentOnce() {
        send(TestAlerts.firing("HighCpu", "instance", "db-1"));
        send(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        send(TestAlerts.resolved("HighCpu", "instance", "db-1"));
        assertEquals(2, decisions.readValuesToList().size());
    }

    @Test
    void pendingAlertsAreIgnored() {
        send(TestAlerts.pending("HighCpu", "instance", "db-1"));
        assertTrue(decisions.isEmpty());
    }

    @Test
    void continueSendsOneAlertToTwoReceiversAndBothHearTheResolve() {
        send(TestAlerts.firing("SiteDown", "team", "web", "severity", "critical"));
        send(TestAlerts.resolved("SiteDown", "team", "web", "severity", "critical"));

        List<String> out = decisions.readValuesToList().stream()
                .map(d -> d.receiver() + " " + d.status().wireName() + " " + d.groupKey())
                .toList();
        assertEquals(List.of(
                "web firing {}/{team=\"web\"}:{alertname=\"SiteDown\"}",
                "pager firing {}/{severity=\"critical\"}:{alertname=\"SiteDown\"}",
                "pager resolved {}/{severity=\"critical\"}:{alertname=\"SiteDown\"}",
                "web resolved {}/{team=\"web\"}:{alertname=\"SiteDown\"}"), out);
    }

    @Test
    void aNewFiringEpisodeIsSentEvenWithoutAResolveBetween() {
        Alert first = TestAlerts.firing("HighCpu", "instance", "db-1");
        send(first);
        send(TestAlerts.startingAt(first, first.startsAt().plus(Duration.ofHours(2))));
        List<LedgerEntry> out = decisions.readValuesToList();
        assertEquals(2, out.size());
        assertEquals(Decision.NOTIFY_REFIRED.reason(), out.get(1).detail());
    }

    @Test
    void undecodableRecordsAreSkippedAndLaterOnesStillFlow() {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.ALERTS, new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput("junk", "{not json".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput("nostate", "{\"labels\":{\"alertname\":\"X\"}}".getBytes(StandardCharsets.UTF_8));
        send(TestAlerts.firing("HighCpu", "instance", "db-1"));
        assertEquals(1, decisions.readValuesToList().size());
    }

    @Test
    void recordsNotKeyedByTheirFingerprintAreSkippedAndCounted() {
        Alert cpu = TestAlerts.firing("HighCpu", "instance", "db-1");
        alerts.pipeInput("not-the-fingerprint", cpu);
        assertTrue(decisions.isEmpty());
        assertEquals(1.0, registry.counter("tocsin.notifier.dispatch.skipped", "reason", "bad_key").count());
    }
}
