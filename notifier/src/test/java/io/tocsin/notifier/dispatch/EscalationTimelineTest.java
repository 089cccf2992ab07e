package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Escalation and acknowledgement as timelines. Times are seconds after the first push. */
class EscalationTimelineTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 10s
              group_interval: 1m
              repeat_interval: 30m
              resolve_wait: 2s
              escalation_policy: db
            receivers:
              - name: team
              - name: primary
              - name: secondary
            escalation_policies:
              - name: db
                repeat: 1
                steps:
                  - receivers: [primary]
                    wait: 5m
                  - receivers: [secondary]
                    wait: 10m
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

    private static Alert db() {
        return TestAlerts.firing("DbDown", "instance", "db-1");
    }

    @Test
    void stepsFireOnTimeWhileNobodyAcknowledges() {
        t.at(0).push(db());
        t.at(10);
        assertEquals(List.of("team firing db-1", "primary firing db-1"), t.told());
        t.at(309.8);
        assertEquals(List.of(), t.told());
        t.at(310);
        assertEquals(List.of("secondary firing db-1"), t.told());
        t.at(909.8);
        assertEquals(List.of(), t.told());
        t.at(910);
        assertEquals(List.of("primary firing db-1"), t.told(), "the second pass starts after the last step's wait");
        t.at(1210);
        assertEquals(List.of("secondary firing db-1"), t.told());
        t.at(1810);
        assertEquals(List.of(), t.told(), "told at 10: at 1810 not yet more than repeat_interval ago");
        t.at(1870);
        assertEquals(
                List.of("team firing db-1"), t.told(), "after both passes only repeat_interval is left, at its tick");
    }

    @Test
    void anAcknowledgementStopsStepsAndRepeatsAndIsToldToEveryonePaged() {
        t.at(0).push(db());
        t.at(10).told();
        t.at(100).ack(db(), "ann");
        List<LedgerEntry> acked = t.decisions();
        assertEquals(
                List.of("team firing db-1", "primary firing db-1"),
                acked.stream().map(Timeline::line).toList());
        assertTrue(acked.stream().allMatch(d -> d.ack() != null && d.ack().by().equals("ann")), "they carry the ack");
        t.at(7200);
        assertEquals(List.of(), t.told(), "no step, no repeat");
    }

    @Test
    void theResolveReachesEveryReceiverAStepPaged() {
        t.at(0).push(db());
        t.at(310);
        assertEquals(3, t.told().size());
        t.at(400).push(TestAlerts.resolved("DbDown", "instance", "db-1"));
        t.at(402);
        assertEquals(List.of("team resolved db-1", "primary resolved db-1", "secondary resolved db-1"), t.told());
        t.at(3600);
        assertEquals(List.of(), t.told(), "the escalation ended with the group");
    }

    @Test
    void aSilencedGroupPagesNobody() {
        t.at(0).push(db());
        t.at(10).told();
        t.at(20).silence("s1", 3600, "alertname=\"DbDown\"");
        t.at(1000);
        assertEquals(List.of(), t.told());
    }
}
