package io.tocsin.console.web;

import io.tocsin.console.source.ApiClient;
import io.tocsin.console.view.RulesView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;

/** Every rule with where it is written, its state and values, and the last reload. */
final class RulesPage {
    private final ApiClient rules;
    private final Clock clock;

    RulesPage(ApiClient rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    void page(RoutingContext ctx) {
        rules.get("/api/v1/rules").onSuccess(a -> {
            RulesView view = a.ok() && a.body() instanceof JsonObject o
                    ? RulesView.of(o, clock.instant())
                    : RulesView.failed("could not read the rules service: " + a.reason());
            Html.send(ctx, 200, "rules.jte", Map.of("view", view));
        });
    }
}
