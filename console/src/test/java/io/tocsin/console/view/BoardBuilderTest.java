package io.tocsin.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.label.SelectorParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoardBuilderTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    private static JsonObject alert(String fp, String instance, JsonObject status) {
        return new JsonObject()
                .put("fingerprint", fp)
                .put("labels", new JsonObject().put("alertname", "DiskFull").put("instance", instance))
                .put("annotations", new JsonObject().put("summary", "disk on " + instance))
                .put("startsAt", "2026-12-05T08:57:00Z")
                .put("receivers", new JsonArray().add(new JsonObject().put("name", "pager")))
                .put("status", status);
    }

    private static JsonObject status(String silencedBy, String inhibitedBy) {
        return new JsonObject()
                .put("state", silencedBy == null && inhibitedBy == null ? "active" : "suppressed")
                .put("silencedBy", silencedBy == null ? new JsonArray() : new JsonArray().add(silencedBy))
                .put("inhibitedBy", inhibitedBy == null ? new JsonArray() : new JsonArray().add(inhibitedBy))
                .put("mutedBy", new JsonArray());
    }

    private static JsonArray groups() {
        return new JsonArray()
                .add(new JsonObject()
                        .put("labels", new JsonObject().put("alertname", "DiskFull"))
                        .put("receiver", new JsonObject().put("name", "pager"))
                        .put(
                                "alerts",
                                new JsonArray()
                                        .add(alert("aa", "db1", status(null, null)))
                                        .add(alert("bb", "db2", status("s-123456789", null)))
                                        .add(alert("cc", "db3", status(null, "ff")))));
    }

    private static JsonArray ruleAlerts() {
        return new JsonArray()
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject().put("alertname", "DiskFull").put("instance", "db1"))
                        .put("state", "firing")
                        .put("value", "97")
                        .put("rule", "disk/DiskFull")
                        .put("activeAt", "2026-12-05T08:57:00Z"))
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject().put("alertname", "DiskFull").put("instance", "db9"))
                        .put("state", "pending")
                        .put("value", "91")
                        .put("rule", "disk/DiskFull")
                        .put("for", 120)
                        .put("activeAt", "2026-12-05T08:59:00Z"));
    }

    @Test
    void alertsAreGroupedAsTheNotifierGroupsThemWithTheirStateAndTheRulesValue() {
        Board b = BoardBuilder.build(groups(), ruleAlerts(), Map.of(), List.of(), "", List.of(), NOW);

        assertEquals(1, b.groups().size());
        GroupCard g = b.groups().get(0);
        assertEquals("pager", g.receiver());
        assertEquals("{alertname=\"DiskFull\"}", g.title());
        List<AlertRow> rows = g.alerts();
        assertEquals(
                List.of("active", "silenced", "inhibited"),
                rows.stream().map(AlertRow::state).toList());
        assertEquals("97", rows.get(0).value(), "the value comes from the rules service");
        assertEquals("disk/DiskFull", rows.get(0).rule());
        assertEquals("3m ago", rows.get(0).since());
        assertEquals(List.of("s-123456789"), rows.get(1).silencedBy());
        assertEquals(List.of("ff"), rows.get(2).inhibitedBy());
        assertEquals(3, b.firingCount());
    }

    @Test
    void aPendingAlertShowsHowFarThroughForItIs() {
        Board b = BoardBuilder.build(new JsonArray(), ruleAlerts(), Map.of(), List.of(), "", List.of(), NOW);

        assertEquals(1, b.pending().size());
        AlertRow p = b.pending().get(0);
        assertEquals("pending", p.state());
        assertEquals("91", p.value());
        assertEquals("1m of 2m", p.forProgress());
        assertEquals(50, p.forPercent());
        assertEquals(16, p.fingerprint().length(), "the fingerprint the notifier will give it");
    }

    @Test
    void anAcknowledgedAlertSaysByWhomAndItsEscalationWhatIsNext() {
        JsonArray esc = new JsonArray()
                .add(new JsonObject()
                        .put("receiver", "pager")
                        .put("acknowledged", new JsonObject().put("by", "ana").put("comment", "on it"))
                        .put(
                                "escalation",
                                new JsonObject()
                                        .put("policy", "oncall")
                                        .put("nextStep", 2)
                                        .put("nextDue", "2026-12-05T09:04:00Z")
                                        .put("stopped", false)));
        Board b = BoardBuilder.build(groups(), ruleAlerts(), Map.of("aa", esc), List.of(), "", List.of(), NOW);

        AlertRow row = b.groups().get(0).alerts().get(0);
        assertEquals("acknowledged", row.state());
        assertEquals("ana", row.ackBy());
        assertEquals("on it", row.ackComment());
        assertEquals("oncall: next step 2 in 4m", row.escalation());
    }

    @Test
    void aFilterKeepsOnlyTheAlertsItMatchesInGroupsAndPending() {
        Board b = BoardBuilder.build(
                groups(),
                ruleAlerts(),
                Map.of(),
                SelectorParser.alertmanager("instance=~\"db[12]\""),
                "instance=~\"db[12]\"",
                List.of(),
                NOW);

        assertEquals(
                List.of("aa", "bb"),
                b.groups().get(0).alerts().stream().map(AlertRow::fingerprint).toList());
        assertTrue(b.pending().isEmpty());
        assertTrue(b.fragmentLink().startsWith("/fragments/alerts?filter=instance%3D%7E"));
    }

    @Test
    void anAlertsLinksCarryItsLabelsEncoded() {
        AlertRow row = BoardBuilder.build(groups(), ruleAlerts(), Map.of(), List.of(), "", List.of(), NOW)
                .groups()
                .get(0)
                .alerts()
                .get(0);
        assertEquals("/silences/new?matchers=alertname%3D%22DiskFull%22%2C+instance%3D%22db1%22", row.silenceLink());
        assertEquals("/why?match=%7Balertname%3D%22DiskFull%22%2C+instance%3D%22db1%22%7D", row.whyLink());
    }
}
