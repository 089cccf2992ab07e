package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.provenance.AlertEvents;
import io.tocsin.notifier.provenance.EventKind;
import io.tocsin.notifier.provenance.History;
import io.tocsin.notifier.provenance.ProvenanceEvent;
import io.tocsin.notifier.provenance.ProvenanceSerde;
import io.tocsin.notifier.provenance.ProvenanceTopology;
import io.tocsin.notifier.silence.Silence;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch records its decisions about each alert on the provenance topic, and the history
 * store reads them back per fingerprint: muted alerts included. Starts 21:59:30 UTC on a
 * Saturday; the "nightly" interval mutes the db route from 22:00 to 23:00.
 */
class ProvenanceTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 10s
              group_interval: 1m
              repeat_interval: 1h
              resolve_wait: 2s
              routes:
                - receiver: db
                  matchers: ['service="db"']
                  group_by: [alertname]
                  mute_time_intervals: [nightly]
                  continue: true
                - receiver: pager
                  matchers: ['severity="critical"']
                  escalation_policy: wake
            receivers:
              - name: team
              - name: db
              - name: pager
              - name: boss
            escalation_policies:
              - name: wake
                steps:
                  - receivers: [boss]
                    wait: 5m
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [instance]
            time_intervals:
              - name: nightly
                time_intervals:
                  - times: [{start_time: '22:00', end_time: '23:00'}]
            """;

    @TempDir
    Path stateDir;

    private Timeline t;
    private TestOutputTopic<String, AlertEvents> provenance;

    @BeforeEach
    void start() {
        t = new Timeline(CONFIG, stateDir, Instant.parse("2026-01-10T21:59:30Z"));
        provenance = t.driver.createOutputTopic(
                Topics.PROVENANCE,
                new StringDeserializer(),
                ProvenanceSerde.alertEvents().deserializer());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private List<String> kinds(Alert a) {
        History h = history(a);
        return h == null
                ? List.of()
                : h.events().stream().map(e -> e.kind().wireName()).toList();
    }

    private History history(Alert a) {
        KeyValueStore<String, History> store = t.driver.getKeyValueStore(ProvenanceTopology.HISTORY);
        return store.get(a.fingerprint());
    }

    private ProvenanceEvent last(Alert a, EventKind kind) {
        List<ProvenanceEvent> of =
                history(a).events().stream().filter(e -> e.kind() == kind).toList();
        return of.get(of.size() - 1);
    }

    @Test
    void aNotifiedAlertRecordsFiredRoutedAndNotifiedWithTheDecisionIdOfTheLedger() {
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(10);
        List<LedgerEntry> decisions = t.decisions();
        assertEquals(1, decisions.size());
        assertEquals(List.of("fired", "routed", "notified"), kinds(a));
        ProvenanceEvent routed = last(a, EventKind.ROUTED);
        assertEquals("0", routed.detail().get("route"), "the root took it: no child matched");
        assertEquals("team", routed.detail().get("receiver"));
        assertEquals(decisions.get(0).groupKey(), routed.detail().get("groupKey"));
        assertEquals(decisions.get(0).id(), last(a, EventKind.NOTIFIED).detail().get("decisionId"));
        assertEquals(a.labels(), history(a).labels());
    }

    @Test
    void anAlertOfSeveralReceiversHasItsRouteRecordedBeforeAnyOfItsGroupsDecides() {
        // Two groups (db, pager): the route stage writes the fired alert and its routes itself,
        // committed before either group reads the alert, not carried to one of the two.
        Alert a = TestAlerts.firing("Disk", "instance", "db-1", "service", "db", "severity", "critical");
        t.at(0).push(a);
        List<AlertEvents> first = provenance.readValuesToList();
        assertEquals(
                List.of(List.of("fired", "routed", "routed")),
                first.stream()
                        .map(r -> r.events().stream()
                                .map(e -> e.kind().wireName())
                                .toList())
                        .toList());
        t.at(10);
        List<String> kinds = kinds(a);
        assertEquals(List.of("fired", "routed", "routed"), kinds.subList(0, 3));
        assertTrue(kinds.subList(3, kinds.size()).contains("notified"), kinds.toString());
        assertEquals(1, kinds.stream().filter("fired"::equals).count(), kinds.toString());
    }

    @Test
    void aRepostOfAFiringAlertRecordsNothingNew() {
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(10).push(a);
        t.at(20).push(a);
        assertEquals(List.of("fired", "routed", "notified"), kinds(a));
    }

    @Test
    void aSilencedAlertRecordsTheSilenceAndItsLiftingAndIsToldAfterwards() {
        Silence s = t.at(0).silence("s-1", 60, "instance=\"web-1\"");
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.push(a);
        t.at(30);
        assertEquals(List.of(), t.told());
        assertEquals(List.of("fired", "routed", "silenced"), kinds(a));
        assertEquals("s-1", last(a, EventKind.SILENCED).detail().get("silenceId"));
        t.at(40);
        t.expire(s);
        t.at(100);
        assertEquals(List.of("team firing web-1"), t.told());
        assertEquals(List.of("fired", "routed", "silenced", "unsilenced", "notified"), kinds(a));
    }

    @Test
    void anInhibitedAlertRecordsTheInhibitingAlertAndTheRule() {
        Alert source = TestAlerts.firing("Down", "instance", "db-1", "severity", "critical");
        Alert target = TestAlerts.firing("Slow", "instance", "db-1", "severity", "warning");
        t.at(0).push(source);
        t.at(1).push(target);
        t.at(15);
        ProvenanceEvent inh = last(target, EventKind.INHIBITED);
        assertEquals(source.fingerprint(), inh.detail().get("sourceFingerprint"));
        assertEquals(0, ((Number) inh.detail().get("ruleIndex")).intValue());
        assertTrue(
                kinds(target).stream().noneMatch("notified"::equals),
                kinds(target).toString());
    }

    @Test
    void anAlertMutedByATimeIntervalRecordsTheIntervalForThatReceiverAndIsNotifiedThroughTheOtherRoute() {
        Alert a = TestAlerts.firing("Lag", "instance", "db-1", "service", "db", "severity", "critical");
        t.at(31).push(a); // 22:00:01, inside the nightly window
        t.at(45);
        ProvenanceEvent muted = last(a, EventKind.MUTED);
        assertEquals("nightly", muted.detail().get("timeInterval"));
        assertEquals("db", muted.detail().get("receiver"));
        List<String> routedTo = history(a).events().stream()
                .filter(e -> e.kind() == EventKind.ROUTED)
                .map(e -> e.detail().get("route") + "→" + e.detail().get("receiver"))
                .toList();
        assertEquals(List.of("0.0→db", "0.1→pager"), routedTo, "continue on the db route, then the pager route");
        assertTrue(
                history(a).events().stream()
                        .anyMatch(e -> e.kind() == EventKind.NOTIFIED
                                && "pager".equals(e.detail().get("receiver"))),
                "the pager route is not muted");
    }

    @Test
    void escalationStepsAndAcknowledgementsAreRecorded() {
        Alert a = TestAlerts.firing("Down", "instance", "db-9", "severity", "critical");
        t.at(0).push(a);
        t.at(11);
        ProvenanceEvent step = last(a, EventKind.ESCALATION);
        assertEquals("wake", step.detail().get("policy"));
        assertEquals(1, ((Number) step.detail().get("step")).intValue());
        t.ack(a, "ana");
        t.at(12);
        assertEquals("ana", last(a, EventKind.ACKNOWLEDGED).detail().get("by"));
    }

    @Test
    void aResolveIsRecordedWithTheEpisodeBeforeIt() {
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(10);
        t.at(20).push(TestAlerts.resolved("Disk", "instance", "web-1"));
        t.at(30);
        assertEquals(List.of("fired", "routed", "notified", "resolved", "notified"), kinds(a));
        // One record per alert per decision: the fired alert and its route travel together.
        assertEquals(
                List.of(List.of("fired", "routed"), List.of("notified"), List.of("resolved"), List.of("notified")),
                provenance.readValuesToList().stream()
                        .map(r -> r.events().stream()
                                .map(e -> e.kind().wireName())
                                .toList())
                        .toList());
    }
}
