package io.tocsin.notifier.api;

import io.tocsin.core.label.Matcher;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceBook;
import io.tocsin.notifier.silence.SilenceFilter;
import io.tocsin.notifier.silence.SilenceMatcher;
import io.tocsin.notifier.silence.SilenceRules;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Alertmanager API v2 silences: {@code GET|POST /api/v2/silences}, {@code GET|DELETE
 * /api/v2/silence/{id}}, with its JSON shapes, so amtool works. Tocsin adds {@code ?force=true}
 * to accept a silence that matches every alert.
 */
public final class SilenceApi {
    private final SilenceBook book;
    private final Clock clock;

    public SilenceApi(SilenceBook book, Clock clock) {
        this.book = book;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v2/silences").handler(this::list);
        router.post("/api/v2/silences").handler(this::create);
        router.get("/api/v2/silence/:id").handler(this::one);
        router.delete("/api/v2/silence/:id").handler(this::expire);
    }

    private void list(RoutingContext ctx) {
        List<Matcher> filter = Filters.parse(ctx.queryParam("filter"));
        Instant now = clock.instant();
        JsonArray out = new JsonArray();
        book.all().stream()
                .filter(s -> SilenceFilter.matches(filter, s))
                .sorted(SilenceFilter.order(now))
                .forEach(s -> out.add(toJson(s, now)));
        Json.send(ctx, 200, out);
    }

    private void one(RoutingContext ctx) {
        Silence s = book.get(ctx.pathParam("id")).orElse(null);
        if (s == null) {
            throw new BadRequest(404, "no silence with id " + ctx.pathParam("id"), null);
        }
        Json.send(ctx, 200, toJson(s, clock.instant()));
    }

    private void expire(RoutingContext ctx) {
        Silence s = book.get(ctx.pathParam("id")).orElse(null);
        if (s == null) {
            throw new BadRequest(404, "no silence with id " + ctx.pathParam("id"), null);
        }
        Instant now = clock.instant();
        if (s.state(now) == Silence.State.EXPIRED) {
            ctx.response().setStatusCode(200).end();
            return;
        }
        book.put(s.expiredAt(now))
                .onSuccess(v -> ctx.response().setStatusCode(200).end())
                .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Json.object(ctx);
        Instant now = clock.instant();
        List<SilenceMatcher> matchers = matchers(body.getValue("matchers"));
        Instant startsAt = time(body, "startsAt");
        Instant endsAt = time(body, "endsAt");
        String createdBy = body.getValue("createdBy") instanceof String s ? s.strip() : "";
        String comment = body.getValue("comment") instanceof String s ? s : "";
        boolean force = "true".equals(ctx.queryParams().get("force"));
        // Alertmanager's API schema requires both (go-swagger: 422, "comment in body is required").
        for (String field : List.of("comment", "createdBy")) {
            if (!(body.getValue(field) instanceof String v) || v.isEmpty()) {
                throw new BadRequest(422, field + " in body is required", null);
            }
        }
        List<String> problems = new ArrayList<>(SilenceRules.problems(matchers, startsAt, endsAt, force));
        if (createdBy.isEmpty()) {
            problems.add("createdBy is required");
        }
        if (endsAt != null && !endsAt.isAfter(now)) {
            problems.add("endsAt must be in the future");
        }
        if (!problems.isEmpty()) {
            throw new BadRequest(String.join("; ", problems));
        }
        String id = body.getValue("id") instanceof String given && !given.isBlank() ? given : null;
        Silence prev = id == null ? null : book.get(id).orElse(null);
        if (id != null && prev == null) {
            throw new BadRequest(404, "no silence with id " + id + " to update", null);
        }
        if (prev != null && SilenceUpdates.inPlace(prev, matchers, startsAt, endsAt, now)) {
            Silence updated = new Silence(id, matchers, startsAt, endsAt, createdBy, comment, now);
            book.put(updated)
                    .onSuccess(v -> Json.send(ctx, 200, new JsonObject().put("silenceID", id)))
                    .onFailure(ctx::fail);
            return;
        }
        // As Alertmanager: a new silence (or one replacing a silence that cannot be updated in
        // place, which is expired first) gets a new id, and a start in the past means now.
        Instant start = startsAt.isBefore(now) ? now : startsAt;
        Silence s = new Silence(UUID.randomUUID().toString(), matchers, start, endsAt, createdBy, comment, now);
        Future<Void> expired = prev == null || prev.state(now) == Silence.State.EXPIRED
                ? Future.<Void>succeededFuture()
                : book.put(prev.expiredAt(now)).<Void>mapEmpty();
        expired.compose(v -> book.put(s))
                .onSuccess(v -> Json.send(ctx, 200, new JsonObject().put("silenceID", s.id())))
                .onFailure(ctx::fail);
    }

    private static List<SilenceMatcher> matchers(Object value) {
        if (!(value instanceof JsonArray array)) {
            throw new BadRequest("matchers must be an array of {name, value, isRegex, isEqual}");
        }
        List<SilenceMatcher> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject m)) {
                throw new BadRequest("matchers[" + i + "] must be an object");
            }
            if (!(m.getValue("name") instanceof String name) || !(m.getValue("value") instanceof String v)) {
                throw new BadRequest("matchers[" + i + "] needs a string name and value");
            }
            Object isRegex = m.getValue("isRegex");
            Object isEqual = m.getValue("isEqual");
            if ((isRegex != null && !(isRegex instanceof Boolean))
                    || (isEqual != null && !(isEqual instanceof Boolean))) {
                throw new BadRequest("matchers[" + i + "]: isRegex and isEqual must be booleans");
            }
            out.add(new SilenceMatcher(name, v, Boolean.TRUE.equals(isRegex), isEqual == null || (Boolean) isEqual));
        }
        return out;
    }

    private static Instant time(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s)) {
            throw new BadRequest(field + " is required (RFC 3339)");
        }
        try {
            return Json.instant(s);
        } catch (DateTimeParseException e) {
            throw new BadRequest(field + " is not an RFC 3339 time: " + s);
        }
    }

    static JsonObject toJson(Silence s, Instant now) {
        JsonArray matchers = new JsonArray();
        s.matchers()
                .forEach(m -> matchers.add(new JsonObject()
                        .put("name", m.name())
                        .put("value", m.value())
                        .put("isRegex", m.isRegex())
                        .put("isEqual", m.isEqual())));
        return new JsonObject()
                .put("id", s.id())
                .put("status", new JsonObject().put("state", s.state(now).wireName()))
                .put("updatedAt", String.valueOf(s.updatedAt() == null ? s.startsAt() : s.updatedAt()))
                .put("matchers", matchers)
                .put("startsAt", s.startsAt().toString())
                .put("endsAt", s.endsAt().toString())
                .put("createdBy", s.createdBy())
                .put("comment", s.comment());
    }
}
