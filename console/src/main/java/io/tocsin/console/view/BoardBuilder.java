package io.tocsin.console.view;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Fingerprint;
import io.tocsin.core.wire.Labels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Alerts page from what the services answered: the notifier's groups ({@code GET
 * /api/v2/alerts/groups}), the rules service's alerts ({@code GET /api/v1/alerts}, for values and
 * pending alerts) and the escalation state per alert ({@code GET
 * /api/tocsin/v1/alerts/{fp}/escalation}). Pure, so it is tested on JSON alone.
 */
public final class BoardBuilder {
    private BoardBuilder() {}

    /**
     * @param escalations per fingerprint, the escalation API's array (one entry per group); absent: unknown
     * @param filter      matchers every alert shown must satisfy
     */
    public static Board build(
            JsonArray groups,
            JsonArray ruleAlerts,
            Map<String, JsonArray> escalations,
            List<Matcher> filter,
            String filterText,
            List<String> problems,
            Instant now) {
        Map<Map<String, String>, JsonObject> fromRules = new HashMap<>();
        List<AlertRow> pending = new ArrayList<>();
        for (JsonObject a : objects(ruleAlerts)) {
            Map<String, String> labels = strings(a.getJsonObject("labels"));
            fromRules.put(labels, a);
            if ("pending".equals(a.getString("state")) && matches(filter, labels)) {
                pending.add(pendingRow(a, labels, now));
            }
        }
        List<GroupCard> cards = new ArrayList<>();
        for (JsonObject g : objects(groups)) {
            String receiver = g.getJsonObject("receiver", new JsonObject()).getString("name", "");
            List<AlertRow> rows = new ArrayList<>();
            for (JsonObject a : objects(g.getJsonArray("alerts"))) {
                Map<String, String> labels = strings(a.getJsonObject("labels"));
                if (matches(filter, labels)) {
                    rows.add(firingRow(a, labels, receiver, fromRules.get(labels), escalations, now));
                }
            }
            if (!rows.isEmpty()) {
                cards.add(new GroupCard(receiver, strings(g.getJsonObject("labels")), rows));
            }
        }
        return new Board(cards, pending, filterText, problems, now.toString());
    }

    private static AlertRow firingRow(
            JsonObject a,
            Map<String, String> labels,
            String receiver,
            JsonObject rule,
            Map<String, JsonArray> escalations,
            Instant now) {
        String fp = a.getString("fingerprint", "");
        JsonObject status = a.getJsonObject("status", new JsonObject());
        List<String> silencedBy = list(status.getJsonArray("silencedBy"));
        List<String> inhibitedBy = list(status.getJsonArray("inhibitedBy"));
        List<String> mutedBy = list(status.getJsonArray("mutedBy"));
        JsonObject esc = forReceiver(escalations.get(fp), receiver);
        JsonObject ack = esc == null ? null : esc.getJsonObject("acknowledged");
        String state = !silencedBy.isEmpty()
                ? "silenced"
                : !inhibitedBy.isEmpty()
                        ? "inhibited"
                        : !mutedBy.isEmpty() ? "muted" : ack != null ? "acknowledged" : "active";
        List<String> receivers = new ArrayList<>();
        for (JsonObject r : objects(a.getJsonArray("receivers"))) {
            receivers.add(r.getString("name", ""));
        }
        Instant startsAt = Ago.parse(a.getString("startsAt"));
        return new AlertRow(
                fp,
                labels,
                summary(a.getJsonObject("annotations")),
                a.getString("startsAt", ""),
                Ago.since(startsAt, now),
                rule == null ? "" : rule.getString("value", ""),
                rule == null ? "" : rule.getString("rule", ""),
                state,
                receivers,
                silencedBy,
                inhibitedBy,
                mutedBy,
                ack == null ? "" : ack.getString("by", ""),
                ack == null ? "" : ack.getString("comment", ""),
                escalationText(esc == null ? null : esc.getJsonObject("escalation"), now),
                "",
                100);
    }

    private static AlertRow pendingRow(JsonObject a, Map<String, String> labels, Instant now) {
        Instant activeAt = Ago.parse(a.getString("activeAt"));
        long forSeconds = a.getLong("for", 0L);
        long waited = activeAt == null
                ? 0
                : Math.max(0, Duration.between(activeAt, now).toSeconds());
        int percent = forSeconds == 0 ? 100 : (int) Math.min(100, waited * 100 / forSeconds);
        return new AlertRow(
                Fingerprint.of(Labels.of(labels)),
                labels,
                summary(a.getJsonObject("annotations")),
                a.getString("activeAt", ""),
                Ago.since(activeAt, now),
                a.getString("value", ""),
                a.getString("rule", ""),
                "pending",
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "",
                "",
                "",
                Ago.span(Duration.ofSeconds(Math.min(waited, forSeconds))) + " of "
                        + Ago.span(Duration.ofSeconds(forSeconds)),
                percent);
    }

    /** "step 2 of policy oncall, next in 4m", "stopped", or "" without a policy. */
    static String escalationText(JsonObject e, Instant now) {
        if (e == null) {
            return "";
        }
        String policy = e.getString("policy", "");
        if (e.getBoolean("stopped", false)) {
            return policy + ": stopped";
        }
        Instant next = Ago.parse(e.getString("nextDue"));
        return policy + ": next step " + e.getValue("nextStep", "?")
                + (next == null ? " (none due)" : " " + Ago.until(next, now));
    }

    private static JsonObject forReceiver(JsonArray escalation, String receiver) {
        for (JsonObject e : objects(escalation)) {
            if (receiver.equals(e.getString("receiver"))) {
                return e;
            }
        }
        return null;
    }

    private static boolean matches(List<Matcher> filter, Map<String, String> labels) {
        if (filter.isEmpty()) {
            return true;
        }
        Labels l = Labels.of(labels);
        return filter.stream().allMatch(m -> m.matches(l));
    }

    private static String summary(JsonObject annotations) {
        if (annotations == null) {
            return "";
        }
        String s = annotations.getString("summary");
        return s != null ? s : annotations.getString("description", "");
    }

    static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        if (a != null) {
            for (Object o : a) {
                if (o instanceof JsonObject j) {
                    out.add(j);
                }
            }
        }
        return out;
    }

    static List<String> list(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }

    static Map<String, String> strings(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            o.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return out;
    }
}
