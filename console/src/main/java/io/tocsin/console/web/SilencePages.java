package io.tocsin.console.web;

import static io.tocsin.console.web.AlertPages.enc;
import static io.tocsin.console.web.AlertPages.form;

import io.tocsin.console.source.Answer;
import io.tocsin.console.source.ApiClient;
import io.tocsin.console.view.Ago;
import io.tocsin.console.view.SilenceForm;
import io.tocsin.console.view.SilenceRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** List, create, edit and expire silences, through the notifier's Alertmanager silence API. */
final class SilencePages {
    private final ApiClient notifier;
    private final Clock clock;

    SilencePages(ApiClient notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        notifier.get("/api/v2/silences").onSuccess(a -> {
            List<String> problems = new ArrayList<>();
            JsonArray arr = AlertPages.arrayOr(a, "notifier's silences", problems);
            Instant now = clock.instant();
            List<SilenceRow> rows = new ArrayList<>();
            for (Object o : arr) {
                if (o instanceof JsonObject s) {
                    rows.add(SilenceRow.of(s, now));
                }
            }
            Html.send(ctx, 200, "silences.jte", Map.of("silences", rows, "problem", String.join("; ", problems)));
        });
    }

    void one(RoutingContext ctx) {
        withSilence(ctx, s -> Html.send(ctx, 200, "silence.jte", Map.of("s", SilenceRow.of(s, clock.instant()))));
    }

    void newForm(RoutingContext ctx) {
        Html.send(
                ctx,
                200,
                "silence-form.jte",
                Map.of("form", SilenceForm.blank(ctx.queryParams().get("matchers"))));
    }

    void editForm(RoutingContext ctx) {
        withSilence(ctx, s -> {
            Instant ends = Ago.parse(s.getString("endsAt"));
            long left = ends == null
                    ? 0
                    : Math.max(60, Duration.between(clock.instant(), ends).toSeconds());
            SilenceForm f = new SilenceForm(
                    s.getString("id", ""),
                    SilenceRow.matchersText(s),
                    io.tocsin.core.config.Durations.format(Duration.ofSeconds(left / 60 * 60)),
                    s.getString("createdBy", ""),
                    s.getString("comment", ""),
                    "");
            Html.send(ctx, 200, "silence-form.jte", Map.of("form", f));
        });
    }

    /** POST /silences (new) and POST /silences/{id} (edit): the same Alertmanager POST, with the id when editing. */
    void save(RoutingContext ctx) {
        String id = ctx.pathParam("id") == null ? "" : ctx.pathParam("id");
        SilenceForm f = new SilenceForm(
                id, form(ctx, "matchers"), form(ctx, "duration"), form(ctx, "createdBy"), form(ctx, "comment"), "");
        JsonObject body;
        try {
            body = f.toApi(clock.instant());
        } catch (IllegalArgumentException e) {
            Html.send(ctx, 400, "silence-form.jte", Map.of("form", f.withError(e.getMessage())));
            return;
        }
        notifier.post("/api/v2/silences", body).onSuccess(a -> {
            if (a.ok() && a.body() instanceof JsonObject o && o.getString("silenceID") != null) {
                Html.redirect(ctx, "/silences/" + enc(o.getString("silenceID")));
            } else {
                Html.send(
                        ctx,
                        400,
                        "silence-form.jte",
                        Map.of("form", f.withError("the notifier refused it: " + a.reason())));
            }
        });
    }

    void expire(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        notifier.delete("/api/v2/silence/" + enc(id)).onSuccess(a -> {
            if (a.ok()) {
                Html.redirect(ctx, "/silences/" + enc(id));
            } else {
                ctx.response().setStatusCode(502).end("the notifier did not expire it: " + a.reason());
            }
        });
    }

    private void withSilence(RoutingContext ctx, java.util.function.Consumer<JsonObject> then) {
        notifier.get("/api/v2/silence/" + enc(ctx.pathParam("id"))).onSuccess((Answer a) -> {
            if (a.ok() && a.body() instanceof JsonObject s) {
                then.accept(s);
            } else {
                ctx.response()
                        .setStatusCode(a.status() == 404 ? 404 : 502)
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("no such silence: " + a.reason());
            }
        });
    }
}
