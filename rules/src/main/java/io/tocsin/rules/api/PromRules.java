package io.tocsin.rules.api;

import io.tocsin.core.config.Durations;
import io.tocsin.core.config.Mark;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bodies of Prometheus' {@code GET /api/v1/rules} and {@code GET /api/v1/alerts}, so that Grafana
 * and other Prometheus clients can list Tocsin's rules and alerts, with Tocsin's extras: each
 * rule's {@code file}/{@code line}, its current value per group ({@code values}) and the result of
 * the last reload ({@code lastReload}). A pure function of what the service holds.
 */
public final class PromRules {
    /** What Prometheus answers for a time that never was. */
    static final String NEVER = "0001-01-01T00:00:00Z";

    private PromRules() {}

    public static JsonObject rules(
            RuleSet rules, List<GroupEntry> active, Map<String, Mark> sources, LastReload reload) {
        Map<String, List<GroupEntry>> byRule = byRule(active);
        Map<String, JsonObject> groups = new LinkedHashMap<>();
        for (Rule rule : sorted(rules)) {
            Mark mark = sources.get(rule.id());
            JsonObject group = groups.computeIfAbsent(
                    rule.group(),
                    name -> new JsonObject()
                            .put("name", name)
                            .put("file", mark == null ? "" : mark.source())
                            .put("rules", new JsonArray())
                            .put("interval", 0)
                            .put("evaluationTime", 0)
                            .put("lastEvaluation", NEVER));
            JsonObject r = rule(rule, byRule.getOrDefault(rule.id(), List.of()), mark);
            group.getJsonArray("rules").add(r);
            if (r.getString("lastEvaluation").compareTo(group.getString("lastEvaluation")) > 0) {
                group.put("lastEvaluation", r.getString("lastEvaluation"));
            }
        }
        JsonObject lastReload = new JsonObject()
                .put("at", reload.at().toString())
                .put("ok", reload.ok())
                .put("errors", new JsonArray(reload.errors()));
        return success(new JsonObject()
                .put("groups", new JsonArray(new ArrayList<>(groups.values())))
                .put("lastReload", lastReload));
    }

    public static JsonObject alerts(RuleSet rules, List<GroupEntry> active) {
        JsonArray out = new JsonArray();
        for (GroupEntry e : sortedEntries(active)) {
            Rule rule = rules.get(e.key().ruleId());
            if (rule != null) {
                out.add(alert(rule, e));
            }
        }
        return success(new JsonObject().put("alerts", out));
    }

    private static JsonObject rule(Rule rule, List<GroupEntry> groups, Mark mark) {
        JsonArray alerts = new JsonArray();
        JsonArray values = new JsonArray();
        String state = "inactive";
        long lastHeld = 0;
        for (GroupEntry e : sortedEntries(groups)) {
            JsonObject a = alert(rule, e);
            alerts.add(a);
            values.add(new JsonObject()
                    .put(
                            "group",
                            new JsonObject(new LinkedHashMap<>(e.key().group().map())))
                    .put("value", e.state().status().value())
                    .put("state", a.getString("state")));
            if (e.state().status().phase() == Phase.FIRING) {
                state = "firing";
            } else if (!state.equals("firing")) {
                state = "pending";
            }
            lastHeld = Math.max(lastHeld, e.state().status().lastHeldMs());
        }
        return new JsonObject()
                .put("name", rule.alert())
                .put("query", query(rule))
                .put("duration", rule.forDuration().toSeconds())
                .put("keepFiringFor", rule.keepFiringFor().toSeconds())
                .put("labels", new JsonObject(new LinkedHashMap<>(rule.labels())))
                .put("annotations", new JsonObject(new LinkedHashMap<>(rule.annotations())))
                .put("alerts", alerts)
                .put("health", "ok")
                .put("lastError", "")
                .put("evaluationTime", 0)
                // Stage 2 stores only what changes: the last evaluation known is the last one that found
                // the condition holding for some group (an active group's value is that evaluation's).
                .put(
                        "lastEvaluation",
                        lastHeld == 0 ? NEVER : Instant.ofEpochMilli(lastHeld).toString())
                .put("type", "alerting")
                .put("state", state)
                .put("id", rule.id())
                .put("file", mark == null ? "" : mark.source())
                .put("line", mark == null ? 0 : mark.line())
                .put("values", values);
    }

    private static JsonObject alert(Rule rule, GroupEntry e) {
        Labels labels = e.state().published() != null
                ? e.state().published()
                : e.key().group().with(Labels.of(rule.labels())).with("alertname", rule.alert());
        double value = e.state().status().value();
        return new JsonObject()
                .put("labels", new JsonObject(new LinkedHashMap<>(labels.map())))
                .put("annotations", new JsonObject(new LinkedHashMap<>(rule.renderAnnotations(labels, value))))
                .put("state", e.state().status().phase() == Phase.FIRING ? "firing" : "pending")
                .put(
                        "activeAt",
                        Instant.ofEpochMilli(e.state().status().activeSinceMs()).toString())
                .put("value", value(value))
                .put("rule", rule.id())
                .put("for", rule.forDuration().toSeconds());
    }

    /** Prometheus sends sample values as strings; NaN and infinities as Go prints them. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A PromQL-like reading of the rule, for tools that show a rule's query. */
    static String query(Rule rule) {
        String input =
                rule.logs() != null ? rule.logs().toString() : rule.select().toString();
        if (rule.over() != null) {
            input = input + " / " + rule.over();
        }
        StringBuilder q = new StringBuilder(rule.aggregate().wireName().toLowerCase(Locale.ROOT))
                .append('(')
                .append(input)
                .append('[')
                .append(Durations.format(rule.window()))
                .append("])");
        if (rule.without()) {
            q.append(" without (").append(String.join(", ", rule.by())).append(')');
        } else if (!rule.by().isEmpty()) {
            q.append(" by (").append(String.join(", ", rule.by())).append(')');
        }
        if (!rule.math().equals(io.tocsin.rules.model.ValueMath.NONE)) {
            q.append(' ').append(rule.math());
        }
        return q.append(' ')
                .append(rule.condition().op().symbol())
                .append(' ')
                .append(value(rule.condition().threshold()))
                .toString();
    }

    private static JsonObject success(JsonObject data) {
        return new JsonObject().put("status", "success").put("data", data);
    }

    private static Map<String, List<GroupEntry>> byRule(List<GroupEntry> active) {
        Map<String, List<GroupEntry>> out = new LinkedHashMap<>();
        for (GroupEntry e : active) {
            out.computeIfAbsent(e.key().ruleId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static List<Rule> sorted(RuleSet rules) {
        List<Rule> out = new ArrayList<>(rules.all());
        out.sort(Comparator.comparing(Rule::group).thenComparing(Rule::alert));
        return out;
    }

    private static List<GroupEntry> sortedEntries(List<GroupEntry> entries) {
        List<GroupEntry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparing((GroupEntry e) -> e.key().ruleId())
                .thenComparing(e -> e.key().group().toString()));
        return out;
    }
}
