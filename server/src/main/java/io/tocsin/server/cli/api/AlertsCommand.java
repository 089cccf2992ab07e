package io.tocsin.server.cli.api;

import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.render.AlertsText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tocsin alerts}: the firing alerts as the notifier groups them, with their state. */
@Command(
        name = "alerts",
        description = "List firing alerts grouped as the notifier groups them, each with its state "
                + "(active, silenced by, inhibited by, muted by, acked by).")
public final class AlertsCommand implements Callable<Integer> {
    /** Past this many alerts, acknowledgements are not looked up one by one. */
    static final int ACK_LOOKUPS = 200;

    @Option(
            names = "--filter",
            paramLabel = "MATCHER",
            arity = "1..*",
            description = "Only alerts matching all of these, e.g. severity=critical 'team=~\"db|web\"'.")
    List<String> filters = List.of();

    @Mixin
    ApiOptions api;

    private final CliContext ctx;

    AlertsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ApiClient notifier = api.notifier(ctx);
        StringBuilder query = new StringBuilder("/api/v2/alerts/groups");
        String sep = "?";
        for (String f : filters) {
            query.append(sep).append("filter=").append(URLEncoder.encode(f, StandardCharsets.UTF_8));
            sep = "&";
        }
        String body = notifier.get(query.toString());
        if (api.json) {
            ctx.out().println(new JsonArray(body).encodePrettily());
            return 0;
        }
        JsonArray groups = new JsonArray(body);
        ctx.out().print(AlertsText.render(groups, acks(notifier, groups), Instant.now()));
        return 0;
    }

    /** Who acknowledged each alert: the groups answer does not say, the escalation endpoint does. */
    private static Map<String, String> acks(ApiClient notifier, JsonArray groups) {
        Map<String, String> out = new HashMap<>();
        int asked = 0;
        for (Object g : groups) {
            for (Object a : ((JsonObject) g).getJsonArray("alerts", new JsonArray())) {
                String fp = ((JsonObject) a).getString("fingerprint");
                if (fp == null || out.containsKey(fp) || asked++ >= ACK_LOOKUPS) {
                    continue;
                }
                for (Object e : new JsonArray(notifier.get("/api/tocsin/v1/alerts/" + fp + "/escalation"))) {
                    JsonObject ack = ((JsonObject) e).getJsonObject("acknowledged");
                    if (ack != null) {
                        out.put(fp, ack.getString("by", "?"));
                    }
                }
            }
        }
        return out;
    }
}
