package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.provenance.AlertEvents;
import io.tocsin.notifier.provenance.EventKind;
import io.tocsin.notifier.provenance.ProvenanceEvent;
import io.tocsin.notifier.provenance.ProvenanceSerde;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dispatch writes to Kafka for one alert that is its own group and is told at once
 * (group_wait 0s), the emission path: each changelog and output record it needs, once. The
 * test driver commits after every record it pipes (a loaded notifier commits after a batch of
 * them, and then writes a history changed by several records once).
 */
class RecordsPerAlertTest {
    private static final String CONFIG = """
            route:
              receiver: hook
              group_by: [alertname, instance]
              group_wait: 0s
              group_interval: 5m
              repeat_interval: 1h
            receivers:
              - name: hook
            """;
    private static final String APP = "notify-test-";

    @TempDir
    Path stateDir;

    private Timeline t;

    @BeforeEach
    void start() {
        t = new Timeline(CONFIG, stateDir, Instant.parse("2026-01-10T12:00:00Z"));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    /** Records written on each topic since the last look. */
    private Map<String, Integer> written() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String topic : List.of(
                Topics.NOTIFICATIONS,
                Topics.PROVENANCE,
                APP + NotifyTopology.MEMBERSHIPS + "-changelog",
                APP + NotifyTopology.GROUPS + "-changelog",
                APP + NotifyTopology.DUE + "-changelog",
                APP + "provenance-history-changelog")) {
            out.put(
                    topic,
                    t.driver
                            .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                            .readRecordsToList()
                            .size());
        }
        return out;
    }

    @Test
    void anAlertToldAtOnceWritesEachRecordItNeedsOnce() {
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(1);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put(Topics.NOTIFICATIONS, 1); // the decision
        // Fired, its route and notified in one record: the route stage carries its events to the
        // group stage in the by-group record, which writes them with the notification.
        expected.put(Topics.PROVENANCE, 1);
        expected.put(APP + NotifyTopology.MEMBERSHIPS + "-changelog", 1);
        expected.put(APP + NotifyTopology.GROUPS + "-changelog", 1); // the group and its one alert, one value
        // The timer set for now and taken down at once leaves nothing; the group_interval timer stays.
        expected.put(APP + NotifyTopology.DUE + "-changelog", 1);
        // Once per provenance record, not per event (fired, routed, notified).
        expected.put(APP + "provenance-history-changelog", 1);
        assertEquals(expected, written());
    }

    @Test
    void aGroupKeptWholeIsWrittenApartOnceItHoldsASecondAlert() {
        t.at(0).push(TestAlerts.firing("Disk", "instance", "web-1", "mount", "/"));
        t.at(1);
        assertEquals(1, written().get(APP + NotifyTopology.GROUPS + "-changelog"), "one alert: the group whole");
        // Same alertname and instance: the same group. From now on a header and one entry per alert.
        t.at(2).push(TestAlerts.firing("Disk", "instance", "web-1", "mount", "/var"));
        t.at(3);
        assertEquals(3, written().get(APP + NotifyTopology.GROUPS + "-changelog"), "the header and both alerts");
        t.at(4).push(TestAlerts.firing("Disk", "instance", "web-1", "mount", "/tmp"));
        t.at(5);
        int third = written().get(APP + NotifyTopology.GROUPS + "-changelog");
        assertTrue(third == 1 || third == 2, "the third alert's entry (and the header if it moved): " + third);
    }

    @Test
    void theAlertsFiredRoutedAndNotifiedEventsAreOneRecordInThatOrder() {
        TestOutputTopic<String, AlertEvents> provenance = t.driver.createOutputTopic(
                Topics.PROVENANCE,
                new StringDeserializer(),
                ProvenanceSerde.alertEvents().deserializer());
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(1);
        List<AlertEvents> records = provenance.readValuesToList();
        assertEquals(1, records.size());
        assertEquals(
                List.of(EventKind.FIRED, EventKind.ROUTED, EventKind.NOTIFIED),
                records.get(0).events().stream().map(ProvenanceEvent::kind).toList());
    }

    @Test
    void aRepostWritesNothingAndItsResolveOnlyWhatChanged() {
        Alert a = TestAlerts.firing("Disk", "instance", "web-1");
        t.at(0).push(a);
        t.at(1);
        written();
        t.at(2).push(a);
        t.at(3);
        assertEquals(0, written().values().stream().mapToInt(Integer::intValue).sum(), "a re-post");
        t.at(4).push(TestAlerts.resolved("Disk", "instance", "web-1"));
        t.at(305);
        Map<String, Integer> resolve = written();
        assertEquals(1, resolve.get(Topics.NOTIFICATIONS), "the resolve is told");
        assertEquals(1, resolve.get(APP + NotifyTopology.MEMBERSHIPS + "-changelog"), "the membership deleted");
    }
}
