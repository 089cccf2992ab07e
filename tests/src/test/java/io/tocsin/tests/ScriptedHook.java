package io.tocsin.tests;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on a fixed loopback port that can be told to fail the ways real endpoints
 * fail: gone (connection refused), hanging (accepts, never answers) or rate limiting (429 with
 * Retry-After). Only answered deliveries count as received, with the time they arrived.
 */
public final class ScriptedHook implements AutoCloseable {

    public enum Mode {
        ANSWER,
        REFUSE,
        HANG,
        TOO_MANY
    }

    /** One alert of one answered payload. */
    public record Received(String alertname, String status, String startsAt, long atNanos) {}

    private final Vertx vertx;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Long> refusedByRateLimit = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ANSWER;
    private volatile int hung;
    private HttpServer server;

    private ScriptedHook(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    public static ScriptedHook start(Vertx vertx) throws Exception {
        ScriptedHook hook = new ScriptedHook(vertx, freePort());
        hook.listen();
        return hook;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Switches behaviour; REFUSE closes the port, anything else opens it again. */
    public synchronized void mode(Mode next) throws Exception {
        if (next == Mode.REFUSE && server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        } else if (next != Mode.REFUSE && server == null) {
            listen();
        }
        mode = next;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public long count(String alertname, String status) {
        return received.stream()
                .filter(r -> r.alertname().equals(alertname) && r.status().equals(status))
                .count();
    }

    public int tooManyAnswered() {
        return refusedByRateLimit.size();
    }

    public int hung() {
        return hung;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void listen() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            switch (mode) {
                case HANG -> hung++; // never answered: the sender's own timeout has to end it
                case TOO_MANY -> {
                    refusedByRateLimit.add(System.nanoTime());
                    req.response()
                            .setStatusCode(429)
                            .putHeader("Retry-After", "1")
                            .end();
                }
                default -> {
                    long at = System.nanoTime();
                    JsonObject payload = new JsonObject(body);
                    payload.getJsonArray("alerts")
                            .forEach(a -> received.add(new Received(
                                    ((JsonObject) a).getJsonObject("labels").getString("alertname"),
                                    ((JsonObject) a).getString("status"),
                                    ((JsonObject) a).getString("startsAt"),
                                    at)));
                    req.response().setStatusCode(200).end();
                }
            }
        });
    }

    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
    }
}
