package io.tocsin.ops;

import io.tocsin.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of every router: a {@link BadRequest} becomes its status with the
 * reason, Vert.x' own statuses (413 from the body limit, 404, 405) keep theirs, anything else
 * is a logged 500 that reveals nothing internal.
 */
public final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** Bad input, or a client-visible refusal (429/503) with an optional Retry-After. */
    public static final class BadRequest extends RuntimeException {
        private final int status;
        private final Integer retryAfterSeconds;

        public BadRequest(String reason) {
            this(400, reason, null);
        }

        public BadRequest(int status, String reason, Integer retryAfterSeconds) {
            super(reason, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }
    }

    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        String reason;
        if (failure instanceof BadRequest bad) {
            status = bad.status;
            reason = bad.getMessage();
            if (bad.retryAfterSeconds != null) {
                ctx.response().putHeader("Retry-After", String.valueOf(bad.retryAfterSeconds));
            }
        } else if (failure == null && status > 0) {
            reason = switch (status) {
                case 413 -> "request body is larger than the limit";
                case 404 -> "no such endpoint";
                case 405 -> "method not allowed";
                default -> "request failed";
            };
        } else {
            status = status > 0 && failure == null ? status : 500;
            reason = "internal error";
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(Json.writeString(Map.of("status", "error", "error", reason)));
    }
}
