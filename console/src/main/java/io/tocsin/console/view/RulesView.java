package io.tocsin.console.view;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Rules page, from the rules service's {@code GET /api/v1/rules}: every rule with its
 * file:line, state, last evaluation and current value per group, and the last reload.
 */
public record RulesView(List<Group> groups, Reload reload, String problem) {

    public record Group(String name, String file, List<Rule> rules) {}

    public record Rule(
            String name,
            String fileLine,
            String query,
            String forText,
            String state,
            String lastEvaluation,
            List<Value> values) {}

    public record Value(String group, String value, String state) {}

    public record Reload(String at, boolean ok, List<String> errors) {}

    public static RulesView of(JsonObject body, Instant now) {
        JsonObject data = body.getJsonObject("data", new JsonObject());
        List<Group> groups = new ArrayList<>();
        for (JsonObject g : BoardBuilder.objects(data.getJsonArray("groups"))) {
            List<Rule> rules = new ArrayList<>();
            for (JsonObject r : BoardBuilder.objects(g.getJsonArray("rules"))) {
                List<Value> values = new ArrayList<>();
                for (JsonObject v : BoardBuilder.objects(r.getJsonArray("values"))) {
                    values.add(new Value(
                            LabelText.selector(BoardBuilder.strings(v.getJsonObject("group"))),
                            String.valueOf(v.getValue("value")),
                            v.getString("state", "")));
                }
                long seconds = r.getLong("duration", 0L);
                Instant last = Ago.parse(r.getString("lastEvaluation"));
                rules.add(new Rule(
                        r.getString("name", ""),
                        r.getString("file", "") + ":" + r.getValue("line", 0),
                        r.getString("query", ""),
                        seconds == 0 ? "" : Ago.span(java.time.Duration.ofSeconds(seconds)),
                        r.getString("state", ""),
                        last == null ? "never (no group active)" : last + " (" + Ago.since(last, now) + ")",
                        values));
            }
            groups.add(new Group(g.getString("name", ""), g.getString("file", ""), rules));
        }
        JsonObject lr = data.getJsonObject("lastReload", new JsonObject());
        Reload reload = new Reload(
                lr.getString("at", ""), lr.getBoolean("ok", true), BoardBuilder.list(lr.getJsonArray("errors")));
        return new RulesView(groups, reload, "");
    }

    public static RulesView failed(String problem) {
        return new RulesView(List.of(), new Reload("", true, List.of()), problem);
    }
}
