package io.tocsin.console.web;

import static io.tocsin.console.web.AlertPages.enc;

import io.tocsin.console.source.ApiClient;
import io.tocsin.console.view.WhyView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** "Why (not) paged?": a label set (or a picked alert) and a time, explained by the notifier. */
final class WhyPage {
    private final ApiClient notifier;

    WhyPage(ApiClient notifier) {
        this.notifier = notifier;
    }

    void page(RoutingContext ctx) {
        String match = param(ctx, "match");
        String at = param(ctx, "at");
        if (match.isEmpty()) {
            Html.send(ctx, 200, "why.jte", Map.of("w", WhyView.form("", at, "")));
            return;
        }
        String query = "/api/v1/why?match=" + enc(match) + (at.isEmpty() ? "" : "&at=" + enc(at));
        notifier.get(query).onSuccess(a -> {
            WhyView w;
            if (a.ok() && a.body() instanceof JsonObject o) {
                w = WhyView.of(match, at, o);
            } else if (a.status() == 404 && !(a.body() instanceof JsonObject)) {
                w = WhyView.form(
                        match, at, "This notifier does not answer /api/v1/why yet (provenance is not in this build).");
            } else {
                w = WhyView.form(match, at, a.reason());
            }
            Html.send(ctx, 200, "why.jte", Map.of("w", w));
        });
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        return v == null ? "" : v.strip();
    }
}
