package io.tocsin.ingest.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The connection limit and the header timeout of one verticle instance (connections stay on the
 * event loop that accepted them, so the map needs no lock; the count is shared through
 * {@link HttpLoad}). A connection past the limit is closed at once, before anything of it is
 * read. A connection that has not sent a complete request head within the header timeout, from
 * its opening or from the end of its previous exchange, is closed: a slowloris client trickling
 * header bytes never reaches a handler, so no status can be sent to it.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final HttpLoad load;
    private final Runnable refusedConnection;
    private final Runnable headerTimedOut;
    /** Open connections of this instance and their pending header timer, -1 while a request runs. */
    private final Map<HttpConnection, Long> awaitingHead = new IdentityHashMap<>();

    ConnectionGuard(
            Vertx vertx, HttpLimits limits, HttpLoad load, Runnable refusedConnection, Runnable headerTimedOut) {
        this.vertx = vertx;
        this.limits = limits;
        this.load = load;
        this.refusedConnection = refusedConnection;
        this.headerTimedOut = headerTimedOut;
    }

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        if (!load.tryOpen(limits.maxConnections())) {
            refusedConnection.run();
            connection.close();
            return;
        }
        awaitingHead.put(connection, -1L);
        connection.closeHandler(v -> {
            cancel(awaitingHead.remove(connection));
            load.closed();
        });
        awaitHead(connection);
    }

    /** The router's first handler: the head is complete; the next wait starts when this exchange ends. */
    void requestStarted(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Long timer = awaitingHead.replace(connection, -1L);
        if (timer != null) {
            cancel(timer);
            ctx.addEndHandler(v -> {
                if (awaitingHead.containsKey(connection)) {
                    awaitHead(connection);
                }
            });
        }
        ctx.next();
    }

    private void awaitHead(HttpConnection connection) {
        long timer = vertx.setTimer(limits.headerTimeout().toMillis(), id -> {
            Long pending = awaitingHead.get(connection);
            if (pending != null && pending.longValue() == id.longValue()) { // boxed: == would compare references
                headerTimedOut.run();
                connection.close();
            }
        });
        awaitingHead.put(connection, timer);
    }

    private void cancel(Long timer) {
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Open connections of this instance, for tests and metrics. */
    int open() {
        return awaitingHead.size();
    }
}
