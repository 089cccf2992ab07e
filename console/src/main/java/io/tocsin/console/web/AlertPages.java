package io.tocsin.console.web;

import io.tocsin.console.source.Answer;
import io.tocsin.console.source.ApiClient;
import io.tocsin.console.view.AlertDetail;
import io.tocsin.console.view.AlertRow;
import io.tocsin.console.view.Board;
import io.tocsin.console.view.BoardBuilder;
import io.tocsin.console.view.GroupCard;
import io.tocsin.console.view.HistoryView;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Alerts page, its live fragment, one alert's page and the acknowledge form. */
final class AlertPages {
    /** Escalation state is asked per alert: a board larger than this shows the first ones only. */
    private static final int MAX_ESCALATION_LOOKUPS = 50;

    private final ApiClient notifier;
    private final ApiClient rules;
    private final Clock clock;

    AlertPages(ApiClient notifier, ApiClient rules, Clock clock) {
        this.notifier = notifier;
        this.rules = rules;
        this.clock = clock;
    }

    void page(RoutingContext ctx) {
        board(ctx).onSuccess(b -> Html.send(ctx, 200, "alerts.jte", Map.of("board", b)));
    }

    void fragment(RoutingContext ctx) {
        board(ctx).onSuccess(b -> Html.send(ctx, 200, "board.jte", Map.of("board", b)));
    }

    private Future<Board> board(RoutingContext ctx) {
        String filterText = ctx.queryParams().get("filter") == null
                ? ""
                : ctx.queryParams().get("filter").strip();
        List<String> problems = new ArrayList<>();
        List<Matcher> filter = List.of();
        if (!filterText.isEmpty()) {
            try {
                filter = SelectorParser.alertmanager(filterText);
            } catch (IllegalArgumentException e) {
                problems.add("filter: " + e.getMessage());
            }
        }
        List<Matcher> matchers = filter;
        Future<Answer> groups = notifier.get("/api/v2/alerts/groups");
        Future<Answer> pending = rules.get("/api/v1/alerts");
        return Future.join(groups, pending).transform(ignored -> {
            JsonArray g = arrayOr(groups.result(), "notifier", problems);
            JsonObject r = objectOr(pending.result(), "rules service", problems);
            JsonArray ruleAlerts = r.getJsonObject("data", new JsonObject()).getJsonArray("alerts", new JsonArray());
            return escalations(g)
                    .map(esc ->
                            BoardBuilder.build(g, ruleAlerts, esc, matchers, filterText, problems, clock.instant()));
        });
    }

    /** The escalation state (acknowledgement, next step) of the alerts on the board. */
    private Future<Map<String, JsonArray>> escalations(JsonArray groups) {
        Set<String> fps = new LinkedHashSet<>();
        for (Object g : groups) {
            if (g instanceof JsonObject group) {
                for (Object a : group.getJsonArray("alerts", new JsonArray())) {
                    if (a instanceof JsonObject alert && fps.size() < MAX_ESCALATION_LOOKUPS) {
                        fps.add(alert.getString("fingerprint", ""));
                    }
                }
            }
        }
        Map<String, JsonArray> out = new HashMap<>();
        List<Future<Answer>> asked = new ArrayList<>();
        List<String> order = new ArrayList<>(fps);
        for (String fp : order) {
            asked.add(notifier.get("/api/tocsin/v1/alerts/" + enc(fp) + "/escalation"));
        }
        return Future.join(asked).transform(ignored -> {
            for (int i = 0; i < order.size(); i++) {
                Answer a = asked.get(i).result();
                if (a != null && a.ok() && a.body() instanceof JsonArray arr) {
                    out.put(order.get(i), arr);
                }
            }
            return Future.succeededFuture(out);
        });
    }

    void detail(RoutingContext ctx) {
        String fp = ctx.pathParam("fingerprint");
        String notice =
                ctx.queryParams().get("notice") == null ? "" : ctx.queryParams().get("notice");
        Future<Board> board = board(ctx);
        Future<Answer> groups = notifier.get("/api/v2/alerts/groups");
        Future<Answer> history = notifier.get("/api/v1/alerts/" + enc(fp) + "/history?limit=200");
        Future.join(board, groups, history).onComplete(ignored -> {
            AlertRow row = null;
            if (board.succeeded()) {
                for (GroupCard g : board.result().groups()) {
                    for (AlertRow a : g.alerts()) {
                        if (a.fingerprint().equals(fp) && row == null) {
                            row = a;
                        }
                    }
                }
            }
            Map<String, String> annotations = annotations(groups.result(), fp);
            Answer h = history.result();
            HistoryView hv = h != null && h.ok() && h.body() instanceof JsonObject o
                    ? HistoryView.of(o)
                    : HistoryView.missing(
                            h == null
                                    ? "history unavailable"
                                    : h.status() == 404
                                            ? "No history: " + h.reason()
                                                    + " (the notifier records it from the provenance release on)"
                                            : "history unavailable: " + h.reason());
            Html.send(ctx, 200, "alert.jte", Map.of("d", new AlertDetail(fp, row, annotations, hv, notice)));
        });
    }

    private static Map<String, String> annotations(Answer groups, String fp) {
        Map<String, String> out = new LinkedHashMap<>();
        if (groups != null && groups.body() instanceof JsonArray arr) {
            for (Object g : arr) {
                if (g instanceof JsonObject group) {
                    for (Object a : group.getJsonArray("alerts", new JsonArray())) {
                        if (a instanceof JsonObject alert && fp.equals(alert.getString("fingerprint"))) {
                            alert.getJsonObject("annotations", new JsonObject())
                                    .forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
                            return out;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The acknowledge form, forwarded to the notifier's ack API. */
    void ack(RoutingContext ctx) {
        String fp = ctx.pathParam("fingerprint");
        String by = form(ctx, "by");
        JsonObject body = new JsonObject().put("by", by).put("comment", form(ctx, "comment"));
        notifier.post("/api/tocsin/v1/alerts/" + enc(fp) + "/ack", body).onSuccess(a -> {
            String notice = a.ok() ? "Acknowledged by " + by + "." : "Not acknowledged: " + a.reason();
            Html.redirect(ctx, "/alerts/" + enc(fp) + "?notice=" + enc(notice));
        });
    }

    static String form(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        return v == null ? "" : v;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonArray arrayOr(Answer a, String what, List<String> problems) {
        if (a != null && a.ok() && a.body() instanceof JsonArray arr) {
            return arr;
        }
        problems.add("could not read the " + what + ": " + (a == null ? "no answer" : a.reason()));
        return new JsonArray();
    }

    static JsonObject objectOr(Answer a, String what, List<String> problems) {
        if (a != null && a.ok() && a.body() instanceof JsonObject o) {
            return o;
        }
        problems.add("could not read the " + what + ": " + (a == null ? "no answer" : a.reason()));
        return new JsonObject();
    }
}
