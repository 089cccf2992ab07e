package io.tocsin.server.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tocsin alerts}: the notifier's groups (Alertmanager's {@code GET /api/v2/alerts/groups})
 * as text, one table per group, each alert with its state: active, silenced by which silence,
 * inhibited by which alert, muted by which time interval, acknowledged by whom.
 */
public final class AlertsText {
    private AlertsText() {}

    /** @param ackedBy who acknowledged each alert, by fingerprint; alerts not in it are not acknowledged */
    public static String render(JsonArray groups, Map<String, String> ackedBy, Instant now) {
        if (groups.isEmpty()) {
            return "no alerts\n";
        }
        StringBuilder b = new StringBuilder();
        int total = 0;
        for (Object o : groups) {
            JsonObject g = (JsonObject) o;
            JsonArray alerts = g.getJsonArray("alerts", new JsonArray());
            total += alerts.size();
            JsonObject receiver = g.getJsonObject("receiver", new JsonObject());
            b.append(receiver.getString("name", "?"))
                    .append("  ")
                    .append(Text.labels(g.getJsonObject("labels")))
                    .append("  (")
                    .append(alerts.size())
                    .append(alerts.size() == 1 ? " alert)\n" : " alerts)\n");
            TextTable t = new TextTable("ALERTNAME", "LABELS", "SINCE", "STATE");
            for (Object a : alerts) {
                JsonObject alert = (JsonObject) a;
                JsonObject labels = alert.getJsonObject("labels", new JsonObject());
                t.row(
                        labels.getString("alertname", "?"),
                        Text.labels(labels, "alertname"),
                        Text.relative(alert.getString("startsAt"), now),
                        state(alert, ackedBy.get(alert.getString("fingerprint"))));
            }
            b.append(t.render("  ")).append('\n');
        }
        b.append(total).append(total == 1 ? " alert in " : " alerts in ").append(groups.size());
        b.append(groups.size() == 1 ? " group\n" : " groups\n");
        return b.toString();
    }

    /** {@code active}, or every reason it is held back, with who or what holds it. */
    static String state(JsonObject alert, String ackedBy) {
        JsonObject status = alert.getJsonObject("status", new JsonObject());
        List<String> parts = new ArrayList<>();
        List<String> silences = Text.strings(status.getJsonArray("silencedBy"));
        if (!silences.isEmpty()) {
            parts.add("silenced by "
                    + String.join(", ", silences.stream().map(Text::shortId).toList()));
        }
        List<String> inhibitors = Text.strings(status.getJsonArray("inhibitedBy"));
        if (!inhibitors.isEmpty()) {
            parts.add("inhibited by " + String.join(", ", inhibitors));
        }
        List<String> muted = Text.strings(status.getJsonArray("mutedBy"));
        if (!muted.isEmpty()) {
            parts.add("muted by " + String.join(", ", muted));
        }
        if (ackedBy != null) {
            parts.add("acked by " + ackedBy);
        }
        return parts.isEmpty() ? "active" : String.join("; ", parts);
    }
}
