package io.tocsin.notifier.api;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.List;

/**
 * Writes a {@link ListingStream} to a response (chunked) as the client takes it: the next piece is
 * written, on a worker, only once the response's write queue has room again, so a slow client
 * holds about one piece of the answer, not the whole of it, and the event loop never writes JSON.
 * The pieces are pooled direct buffers ({@link ListingStream#pooled}), each released once the
 * socket took it (or the client went away): an answer makes no heap garbage and the event loop
 * copies nothing.
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
        this.stream = stream.pooled();
        this.response = response;
        response.setWriteQueueMaxSize(IN_FLIGHT);
    }

    /** Called on the response's event loop. */
    void start() {
        next();
    }

    private void next() {
        vertx.executeBlocking(stream::nextPooled, false).onComplete(ar -> {
            List<ByteBuf> piece = ar.succeeded() ? ar.result() : null;
            if (response.closed()) {
                release(piece);
                return; // the client went away: nothing more is written
            }
            if (ar.failed()) {
                // The status line is sent: a broken answer must not look whole.
                response.reset();
                return;
            }
            if (piece == null) {
                response.end();
                return;
            }
            for (ByteBuf b : piece) {
                // Vert.x hands Netty an unreleasable view of a buffer it did not make: released
                // here once written, or once the write failed.
                response.write(BufferInternal.buffer(b)).onComplete(done -> b.release());
            }
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

    private static void release(List<ByteBuf> piece) {
        if (piece != null) {
            piece.forEach(ByteBuf::release);
        }
    }
}
