package io.tocsin.notifier.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Writes a {@link ListingStream} to a response (chunked) as the client takes it: the next piece is
 * written, on a worker, only once the response's write queue has room again, so a slow client
 * holds about one piece of the answer, not the whole of it, and the event loop never writes JSON.
 */
final class ListingPump {
    /**
     * How much may wait in the connection's write queue before the next piece is written: a few
     * pieces, so writing one overlaps sending those before it without a round trip per piece.
     */
    static final int IN_FLIGHT = 4 * JsonChunks.CHUNK;

    private final Vertx vertx;
    private final ListingStream stream;
    private final HttpServerResponse response;

    ListingPump(Vertx vertx, ListingStream stream, HttpServerResponse response) {
        this.vertx = vertx;
        this.stream = stream;
        this.response = response;
        response.setWriteQueueMaxSize(IN_FLIGHT);
    }

    /** Called on the response's event loop. */
    void start() {
        next();
    }

    private void next() {
        vertx.executeBlocking(stream::next, false).onComplete(ar -> {
            if (response.closed()) {
                return; // the client went away: nothing more is written
            }
            if (ar.failed()) {
                // The status line is sent: a broken answer must not look whole.
                response.reset();
                return;
            }
            List<Buffer> piece = ar.result();
            if (piece == null) {
                response.end();
                return;
            }
            piece.forEach(response::write);
            if (response.writeQueueFull()) {
                response.drainHandler(v -> {
                    response.drainHandler(null);
                    next();
                });
            } else {
                next();
            }
        });
    }
}
