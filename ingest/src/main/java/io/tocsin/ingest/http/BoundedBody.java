package io.tocsin.ingest.http;

import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body into memory within the {@link HttpLimits}, as raw bytes of the endpoint's
 * own format: no form or multipart parsing whatever the Content-Type says (Vert.x' BodyHandler
 * parses {@code curl -d}'s default form type, and fails on large bodies). It must be the first
 * handler of its route, so that no byte arrives before it listens.
 *
 * <p>A body is refused before it is buffered past a limit: a Content-Length over the body limit
 * gets 413 at once, one that does not fit in what is left of the shared buffer budget gets 503
 * with Retry-After, and a chunked body is counted as it streams. A body not complete within the
 * body timeout (say, shorter than its Content-Length) gets 408. Each refusal closes the
 * connection, since the rest of the body would otherwise still have to be read.
 */
final class BoundedBody implements Handler<RoutingContext> {
    private static final String BODY = "tocsin.body";
    private static final int RETRY_AFTER_SECONDS = 1;

    /** How a refusal is answered (and counted); the connection is closed after the answer. */
    interface Refuser {
        void refuseAndClose(RoutingContext ctx, Rejection why, BadRequest answer);
    }

    private final HttpLimits limits;
    private final HttpLoad load;
    private final Refuser refuser;

    BoundedBody(HttpLimits limits, HttpLoad load, Refuser refuser) {
        this.limits = limits;
        this.load = load;
        this.refuser = refuser;
    }

    /** The body read by this handler; empty for a request without one. */
    static byte[] of(RoutingContext ctx) {
        Buffer body = ctx.get(BODY);
        return body == null ? new byte[0] : body.getBytes();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = contentLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared > limits.bodyLimitBytes()) {
            refuser.refuseAndClose(ctx, Rejection.TOO_LARGE, tooLarge(declared + " bytes"));
            return;
        }
        long reserve = Math.max(0, declared);
        if (!load.tryReserve(reserve, limits.bufferLimitBytes())) {
            refuser.refuseAndClose(ctx, Rejection.OVERLOADED, bufferFull());
            return;
        }
        new Reading(ctx, reserve).start(request);
    }

    /** -1 when absent (chunked) or unreadable; Netty has already refused a malformed one. */
    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private BadRequest tooLarge(String size) {
        return new BadRequest(
                413,
                "request body of " + size + " is larger than the limit of " + limits.bodyLimitBytes()
                        + " bytes (TOCSIN_INGEST_BODY_LIMIT_BYTES); split it",
                null);
    }

    private BadRequest bufferFull() {
        return new BadRequest(
                503,
                "overloaded: " + load.bufferedBytes() + " bytes of request bodies are being received" + " (limit "
                        + limits.bufferLimitBytes() + ", TOCSIN_INGEST_BUFFER_LIMIT_BYTES); retry later",
                RETRY_AFTER_SECONDS);
    }

    /** One body being read: its bytes, its share of the budget and its timer. Event-loop confined. */
    private final class Reading {
        private final RoutingContext ctx;
        private final Buffer body;
        private long reserved;
        private long received;
        private long timer = -1;
        private boolean over;

        Reading(RoutingContext ctx, long reserved) {
            this.ctx = ctx;
            this.reserved = reserved;
            this.body = Buffer.buffer((int) Math.min(Math.max(reserved, 1024), 64 * 1024));
        }

        void start(HttpServerRequest request) {
            // Whatever ends the exchange (answer sent, connection lost) gives the budget back.
            ctx.addEndHandler(v -> finish());
            timer = ctx.vertx().setTimer(limits.bodyTimeout().toMillis(), id -> timedOut());
            request.handler(this::chunk);
            request.endHandler(v -> ended());
            request.exceptionHandler(e -> finish());
            if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
                ctx.response().writeContinue(); // only now that the body is known to fit
            }
        }

        private void chunk(Buffer data) {
            if (over) {
                return;
            }
            received += data.length();
            if (received > limits.bodyLimitBytes()) {
                fail(Rejection.TOO_LARGE, tooLarge("more than " + limits.bodyLimitBytes() + " bytes"));
                return;
            }
            if (received > reserved) { // chunked, or more than declared: reserve as it streams
                long more = received - reserved;
                if (!load.tryReserve(more, limits.bufferLimitBytes())) {
                    fail(Rejection.OVERLOADED, bufferFull());
                    return;
                }
                reserved += more;
            }
            body.appendBuffer(data);
        }

        private void ended() {
            if (over) {
                return;
            }
            cancelTimer();
            ctx.put(BODY, body);
            ctx.next();
        }

        private void timedOut() {
            timer = -1;
            if (!over) {
                fail(
                        Rejection.TIMEOUT,
                        new BadRequest(
                                408,
                                "request body not complete within "
                                        + limits.bodyTimeout().toMillis() + " ms (" + received + " bytes received"
                                        + "; TOCSIN_INGEST_BODY_TIMEOUT)",
                                null));
            }
        }

        private void fail(Rejection why, BadRequest answer) {
            over = true;
            cancelTimer();
            refuser.refuseAndClose(ctx, why, answer);
        }

        private void finish() {
            over = true;
            cancelTimer();
            if (reserved > 0) {
                load.release(reserved);
                reserved = 0;
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                ctx.vertx().cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
