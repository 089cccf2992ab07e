package io.tocsin.server.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * {@code tocsin why}: the notifier's answer to "why was (or wasn't) this alert notified"
 * ({@code GET /api/v1/why}, /work/contract-why.md) as text a person reads at 3 a.m.: the verdict
 * first, then the route walk as an indented tree, then what held the alert back.
 */
public final class WhyText {
    private WhyText() {}

    public static String render(JsonObject why) {
        StringBuilder b = new StringBuilder();
        String verdict = why.getString("verdict", "unknown");
        b.append(verdict.toUpperCase(Locale.ROOT).replace('-', ' '))
                .append(": ")
                .append(why.getString("summary", ""))
                .append('\n');
        b.append("  alert    ")
                .append(Text.labels(why.getJsonObject("labels")))
                .append("  fingerprint ")
                .append(why.getString("fingerprint", "?"))
                .append('\n');
        b.append("  at       ").append(why.getString("at", "?")).append('\n');
        b.append("  state    ").append(alertState(why.getJsonObject("alert"))).append('\n');
        JsonArray receivers = why.getJsonArray("receivers", new JsonArray());
        b.append("  notifies ")
                .append(receivers.isEmpty() ? "nobody" : Text.list(receivers))
                .append('\n');
        JsonObject escalation = why.getJsonObject("escalation");
        if (escalation != null) {
            b.append("  escalation policy ")
                    .append(escalation.getString("policy", "?"))
                    .append(", step ")
                    .append(escalation.getValue("step"))
                    .append(", next at ")
                    .append(escalation.getString("nextAt", "-"))
                    .append('\n');
        }
        routes(b, why.getJsonArray("routes", new JsonArray()));
        silences(b, why.getJsonArray("silencedBy", new JsonArray()));
        inhibitions(b, why.getJsonArray("inhibitedBy", new JsonArray()));
        return b.toString();
    }

    static String alertState(JsonObject alert) {
        if (alert == null) {
            return "not known to the notifier (labels only)";
        }
        StringBuilder s = new StringBuilder(alert.getString("status", "unknown"));
        if (alert.getString("startsAt") != null) {
            s.append(" since ").append(alert.getString("startsAt"));
        }
        JsonObject ack = alert.getJsonObject("ack");
        if (ack != null) {
            s.append("; acknowledged by ").append(ack.getString("by", "?"));
            if (ack.getString("at") != null) {
                s.append(" at ").append(ack.getString("at"));
            }
            String comment = ack.getString("comment", "");
            if (!comment.isBlank()) {
                s.append(": \"").append(comment).append('"');
            }
        }
        return s.toString();
    }

    /** Each route tried, indented by its depth in the tree: + matched, - did not match. */
    static void routes(StringBuilder b, JsonArray routes) {
        b.append("\nroute walk (depth first; + matched, - did not match):\n");
        if (routes.isEmpty()) {
            b.append("  (no route tried)\n");
            return;
        }
        for (Object o : routes) {
            JsonObject r = (JsonObject) o;
            String path = r.getString("path", "?");
            String indent = "  " + "  ".repeat(depth(path));
            boolean matched = r.getBoolean("matched", false);
            b.append(indent)
                    .append(matched ? "+ " : "- ")
                    .append(path)
                    .append("  ")
                    .append(r.getString("receiver", "?"));
            List<String> matchers = Text.strings(r.getJsonArray("matchers"));
            b.append("  ").append(matchers.isEmpty() ? "(matches everything)" : String.join(", ", matchers));
            if (matched && r.getBoolean("continue", false)) {
                b.append("  continue");
            }
            b.append('\n');
            if (!matched) {
                continue;
            }
            String more = indent + "    ";
            if (r.getString("groupKey") != null) {
                b.append(more)
                        .append("group by [")
                        .append(Text.list(r.getJsonArray("groupBy")))
                        .append("]  key ")
                        .append(r.getString("groupKey"))
                        .append('\n');
            }
            JsonObject timing = r.getJsonObject("timing");
            if (timing != null) {
                b.append(more)
                        .append("wait ")
                        .append(timing.getString("groupWait", "?"))
                        .append(", interval ")
                        .append(timing.getString("groupInterval", "?"))
                        .append(", repeat ")
                        .append(timing.getString("repeatInterval", "?"))
                        .append('\n');
            }
            JsonArray muted = r.getJsonArray("mutedBy", new JsonArray());
            if (!muted.isEmpty()) {
                b.append(more).append("muted by ").append(Text.list(muted)).append('\n');
            }
            JsonArray active = r.getJsonArray("activeTimeIntervals", new JsonArray());
            if (!active.isEmpty()) {
                b.append(more)
                        .append("active only in ")
                        .append(Text.list(active))
                        .append('\n');
            }
        }
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '.').count();
    }

    static void silences(StringBuilder b, JsonArray silences) {
        if (silences.isEmpty()) {
            return;
        }
        b.append("\nsilenced by:\n");
        for (Object o : silences) {
            JsonObject s = (JsonObject) o;
            b.append("  ")
                    .append(s.getString("id", "?"))
                    .append("  ")
                    .append(Text.list(s.getJsonArray("matchers")))
                    .append('\n');
            b.append("    by ")
                    .append(s.getString("createdBy", "?"))
                    .append(": \"")
                    .append(s.getString("comment", ""))
                    .append("\"  from ")
                    .append(s.getString("startsAt", "?"))
                    .append(" until ")
                    .append(s.getString("endsAt", "?"))
                    .append('\n');
        }
    }

    static void inhibitions(StringBuilder b, JsonArray inhibitions) {
        if (inhibitions.isEmpty()) {
            return;
        }
        b.append("\ninhibited by:\n");
        for (Object o : inhibitions) {
            JsonObject i = (JsonObject) o;
            b.append("  alert ")
                    .append(i.getString("fingerprint", "?"))
                    .append("  ")
                    .append(Text.labels(i.getJsonObject("labels")))
                    .append('\n');
            JsonObject rule = i.getJsonObject("rule");
            if (rule != null) {
                b.append("    inhibit rule #")
                        .append(rule.getValue("index"))
                        .append(": source [")
                        .append(Text.list(rule.getJsonArray("sourceMatchers")))
                        .append("] target [")
                        .append(Text.list(rule.getJsonArray("targetMatchers")))
                        .append("] equal [")
                        .append(Text.list(rule.getJsonArray("equal")))
                        .append("]\n");
            }
        }
    }
}
