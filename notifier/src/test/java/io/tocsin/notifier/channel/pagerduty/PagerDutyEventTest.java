package io.tocsin.notifier.channel.pagerduty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagerDutyEventTest {

    @ParameterizedTest(name = "severities {0}, default {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            critical          | error   | critical
            warning,critical  | error   | critical
            info,warning      | error   | warning
            WARNING           | error   | warning
            page              | error   | error
            ''                | info    | info
            info,bogus        | error   | info
            """)
    void theGroupTakesItsMostSevereKnownSeverity(String labels, String defaultSeverity, String expected) {
        List<Alert> alerts = Arrays.stream(labels.split(","))
                .map(s -> s.isEmpty() ? TestAlerts.firing("A") : TestAlerts.firing("A", "severity", s, "i", s))
                .toList();
        assertEquals(expected, PagerDutyEvent.severity(alerts, defaultSeverity));
    }

    @ParameterizedTest(name = "{0} acked={1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            FIRING   | false | TRIGGER
            FIRING   | true  | ACKNOWLEDGE
            RESOLVED | false | RESOLVE
            RESOLVED | true  | RESOLVE
            """)
    void theActionFollowsStatusAndAcknowledgement(AlertState status, boolean acked, PagerDutyEvent.Action action) {
        Acknowledgement ack = acked ? new Acknowledgement("bob", "", Instant.EPOCH) : null;
        assertEquals(
                action,
                PagerDutyEvent.action(
                        new Notification("n", "r", "g", null, status, List.of(TestAlerts.firing("A")), ack)));
    }

    @Test
    void theDedupKeyIsStablePerReceiverAndGroupAndFitsPagerDuty() {
        String key = PagerDutyEvent.dedupKey("team", "{}:{alertname=\"A\"}");
        assertEquals(key, PagerDutyEvent.dedupKey("team", "{}:{alertname=\"A\"}"));
        assertNotEquals(key, PagerDutyEvent.dedupKey("other", "{}:{alertname=\"A\"}"));
        assertNotEquals(key, PagerDutyEvent.dedupKey("team", "{}:{alertname=\"B\"}"));
        assertTrue(PagerDutyEvent.dedupKey("team", "x".repeat(10_000)).length() <= PagerDutyEvent.MAX_DEDUP_KEY);
    }

    @Test
    void generatorUrlsBecomeLinksButOnlyWebOnes() {
        Alert web = new Alert(
                io.tocsin.core.wire.Labels.of("alertname", "A", "i", "1"),
                null,
                AlertState.FIRING,
                1,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "https://prom.example/graph?g0.expr=up");
        Alert js = new Alert(
                io.tocsin.core.wire.Labels.of("alertname", "A", "i", "2"),
                null,
                AlertState.FIRING,
                1,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "javascript:alert(1)");
        JsonObject event = PagerDutyEvent.render(
                new Notification("n", "r", "g", AlertState.FIRING, List.of(web, js, web)), "k", "error");
        assertEquals(
                new io.vertx.core.json.JsonArray()
                        .add(new JsonObject()
                                .put("href", "https://prom.example/graph?g0.expr=up")
                                .put("text", "Source")),
                event.getJsonArray("links"));
    }

    @Test
    void anAbsoluteRunbookBecomesALinkBeforeTheSourceAndARelativeOneDoesNot() {
        Alert withRunbook = new Alert(
                io.tocsin.core.wire.Labels.of("alertname", "A", "i", "1"),
                Map.of("runbook_url", "https://github.com/acme/ops/blob/main/web/README.md#a"),
                AlertState.FIRING,
                1,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "https://prom.example/graph?g0.expr=up");
        Alert relative = new Alert(
                io.tocsin.core.wire.Labels.of("alertname", "A", "i", "2"),
                Map.of("runbook_url", "rules-examples/web/README.md#a"),
                AlertState.FIRING,
                1,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "");
        JsonObject event = PagerDutyEvent.render(
                new Notification("n", "r", "g", AlertState.FIRING, List.of(withRunbook, relative)), "k", "error");
        assertEquals(
                new io.vertx.core.json.JsonArray()
                        .add(new JsonObject()
                                .put("href", "https://github.com/acme/ops/blob/main/web/README.md#a")
                                .put("text", "Runbook"))
                        .add(new JsonObject()
                                .put("href", "https://prom.example/graph?g0.expr=up")
                                .put("text", "Source")),
                event.getJsonArray("links"));
    }

    @Test
    void acknowledgeAndResolveCarryNoPayload() {
        JsonObject resolve = PagerDutyEvent.render(
                new Notification("n", "r", "g", AlertState.RESOLVED, List.of(TestAlerts.resolved("A"))), "k", "error");
        assertEquals(
                Map.of("routing_key", "k", "event_action", "resolve", "dedup_key", PagerDutyEvent.dedupKey("r", "g")),
                resolve.getMap());
    }

    @Test
    void theSummaryIsCutToPagerDutysLimitAndTheRequiredFieldsSurviveAnyGroup() {
        Alert huge = TestAlerts.withAnnotations(
                TestAlerts.firing("A", "instance", "db-1"),
                Map.of("summary", "s".repeat(600_000), "runbook", "r".repeat(600_000)));
        JsonObject event =
                PagerDutyEvent.render(new Notification("n", "r", "g", AlertState.FIRING, List.of(huge)), "k", "error");
        JsonObject payload = event.getJsonObject("payload");
        assertTrue(payload.getString("summary").length() <= PagerDutyEvent.MAX_SUMMARY);
        assertEquals("db-1", payload.getString("source"));
        assertEquals("error", payload.getString("severity"));
        assertTrue(PagerDutyEvent.bytes(event) <= PagerDutyEvent.MAX_EVENT_BYTES);
        assertEquals(
                0,
                payload.getJsonObject("custom_details").getInteger("truncated_alerts"),
                "one alert with capped annotations fits");
    }

    @Test
    void theExternalUrlIsTheClientUrlOfATrigger() {
        Notification n = new Notification("n", "r", "g", AlertState.FIRING, List.of(TestAlerts.firing("A")));
        assertEquals(
                "https://tocsin.example.org",
                PagerDutyEvent.render(n, "k", "error", "https://tocsin.example.org")
                        .getString("client_url"));
        assertFalse(PagerDutyEvent.render(n, "k", "error", "").containsKey("client_url"));
    }
}
