package io.tocsin.notifier.channel;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plumbing every vendor fake shares: an HTTP server on 127.0.0.1 and a free port, a script of
 * answers that replaces the vendor's normal answer for the next requests (outages, 429 with
 * Retry-After, stalls), and a request count. Subclasses answer the way their vendor does.
 */
public abstract class HttpFake implements AutoCloseable {
    private record Scripted(int status, String body, Map<String, String> headers, boolean stall) {}

    private final HttpServer server;
    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<HttpServerRequest> stalled = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    protected HttpFake(Vertx vertx) {
        this.server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> handle(req, body)));
    }

    /** Listens on a free port; call from a test thread, not an event loop. */
    protected void listen() {
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(getClass().getSimpleName() + " did not start", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request, whatever the answer. */
    public int requestCount() {
        return requests.get();
    }

    /** The next {@code count} requests get this answer instead of the vendor's normal one. */
    public void answerNext(int count, int status, String body, Map<String, String> headers) {
        for (int i = 0; i < count; i++) {
            script.add(new Scripted(status, body, Map.copyOf(headers), false));
        }
    }

    /** The next {@code count} requests get no answer at all (until close), to test timeouts. */
    public void stallNext(int count) {
        for (int i = 0; i < count; i++) {
            script.add(new Scripted(0, "", Map.of(), true));
        }
    }

    /** Stops listening; safe to call twice (tests close a fake to make it unreachable). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stalled.forEach(r -> r.connection().close());
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(getClass().getSimpleName() + " did not stop", e);
        }
    }

    private void handle(HttpServerRequest req, Buffer body) {
        requests.incrementAndGet();
        Scripted next = script.poll();
        if (next == null) {
            answer(req, body);
        } else if (next.stall()) {
            stalled.add(req);
        } else {
            next.headers().forEach(req.response()::putHeader);
            reply(req, next.status(), "text/plain; charset=utf-8", next.body());
        }
    }

    /** The vendor's normal answer. Runs on the event loop. */
    protected abstract void answer(HttpServerRequest req, Buffer body);

    protected static void reply(HttpServerRequest req, int status, String contentType, String body) {
        if (req.response().headers().get("Content-Type") == null) {
            req.response().putHeader("Content-Type", contentType);
        }
        req.response().setStatusCode(status).end(body);
    }
}
