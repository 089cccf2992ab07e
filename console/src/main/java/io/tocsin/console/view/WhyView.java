package io.tocsin.console.view;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Why (not) paged?" page: the form as typed and the notifier's answer ({@code GET
 * /api/v1/why}, see the provenance contract) laid out for reading.
 */
public record WhyView(
        String match,
        String at,
        boolean answered,
        String problem,
        String verdict,
        String summary,
        String answeredAt,
        String labels,
        String fingerprint,
        List<String> receivers,
        List<Route> routes,
        List<Silenced> silencedBy,
        List<Inhibited> inhibitedBy,
        String escalation,
        String ack) {

    public record Route(
            String path,
            String receiver,
            String matchers,
            boolean matched,
            boolean cont,
            String groupKey,
            String timing,
            String mutedBy) {}

    public record Silenced(String id, String matchers, String createdBy, String comment, String endsAt) {
        public String link() {
            return "/silences/" + AlertRow.enc(id);
        }
    }

    public record Inhibited(String fingerprint, String labels, String rule) {
        public String link() {
            return "/alerts/" + AlertRow.enc(fingerprint);
        }
    }

    public static WhyView form(String match, String at, String problem) {
        return new WhyView(
                match, at, false, problem, "", "", "", "", "", List.of(), List.of(), List.of(), List.of(), "", "");
    }

    public static WhyView of(String match, String at, JsonObject w) {
        List<Route> routes = new ArrayList<>();
        for (JsonObject r : BoardBuilder.objects(w.getJsonArray("routes"))) {
            JsonObject t = r.getJsonObject("timing", new JsonObject());
            routes.add(new Route(
                    r.getString("path", ""),
                    r.getString("receiver", ""),
                    String.join(", ", BoardBuilder.list(r.getJsonArray("matchers"))),
                    r.getBoolean("matched", false),
                    r.getBoolean("continue", false),
                    r.getString("groupKey", ""),
                    t.isEmpty()
                            ? ""
                            : "wait " + t.getString("groupWait", "?") + ", interval "
                                    + t.getString("groupInterval", "?") + ", repeat "
                                    + t.getString("repeatInterval", "?"),
                    String.join(", ", BoardBuilder.list(r.getJsonArray("mutedBy")))));
        }
        List<Silenced> silenced = new ArrayList<>();
        for (JsonObject s : BoardBuilder.objects(w.getJsonArray("silencedBy"))) {
            silenced.add(new Silenced(
                    s.getString("id", ""),
                    String.join(", ", BoardBuilder.list(s.getJsonArray("matchers"))),
                    s.getString("createdBy", ""),
                    s.getString("comment", ""),
                    s.getString("endsAt", "")));
        }
        List<Inhibited> inhibited = new ArrayList<>();
        for (JsonObject i : BoardBuilder.objects(w.getJsonArray("inhibitedBy"))) {
            JsonObject rule = i.getJsonObject("rule", new JsonObject());
            inhibited.add(new Inhibited(
                    i.getString("fingerprint", ""),
                    LabelText.selector(BoardBuilder.strings(i.getJsonObject("labels"))),
                    "rule " + rule.getValue("index", "?") + ": source "
                            + BoardBuilder.list(rule.getJsonArray("sourceMatchers")) + ", target "
                            + BoardBuilder.list(rule.getJsonArray("targetMatchers")) + ", equal "
                            + BoardBuilder.list(rule.getJsonArray("equal"))));
        }
        JsonObject esc = w.getJsonObject("escalation");
        JsonObject alert = w.getJsonObject("alert");
        JsonObject ack = alert == null ? null : alert.getJsonObject("ack");
        return new WhyView(
                match,
                at,
                true,
                "",
                w.getString("verdict", ""),
                w.getString("summary", ""),
                w.getString("at", ""),
                LabelText.selector(BoardBuilder.strings(w.getJsonObject("labels"))),
                w.getString("fingerprint", ""),
                BoardBuilder.list(w.getJsonArray("receivers")),
                routes,
                silenced,
                inhibited,
                esc == null
                        ? ""
                        : esc.getString("policy", "") + " step " + esc.getValue("step", "?") + ", next at "
                                + esc.getString("nextAt", "-"),
                ack == null
                        ? ""
                        : ack.getString("by", "") + " at " + ack.getString("at", "") + ": "
                                + ack.getString("comment", ""));
    }
}
