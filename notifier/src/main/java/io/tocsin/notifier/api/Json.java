package io.tocsin.notifier.api;

import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Small JSON helpers of the API: bodies in, answers out, RFC 3339 times. */
final class Json {
    private Json() {}

    static JsonObject object(RoutingContext ctx) {
        try {
            Object v = ctx.body().asJsonObject();
            if (v == null) {
                throw new BadRequest("the body must be a JSON object");
            }
            return (JsonObject) v;
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest("the body must be a JSON object");
        }
    }

    static JsonArray array(RoutingContext ctx) {
        try {
            JsonArray v = ctx.body().asJsonArray();
            if (v == null) {
                throw new BadRequest("the body must be a JSON array");
            }
            return v;
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest("the body must be a JSON array");
        }
    }

    /** RFC 3339 with any offset, as Prometheus and amtool send. */
    static Instant instant(String s) {
        return OffsetDateTime.parse(s).toInstant();
    }

    static void send(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonObject o
                ? o.encode()
                : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(text);
    }
}
