package io.tocsin.tests.notifier.amdiff;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver that keeps every notification whole, with the receiver named by its path
 * ({@code /<receiver>}) and the moment it arrived: what the differential suite compares.
 */
public final class RecordingWebhook implements AutoCloseable {
    /** One notification as it arrived. */
    public record Arrival(String path, JsonObject body, long atMillis) {}

    private final HttpServer server;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

    private RecordingWebhook(Vertx vertx) throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    long at = System.currentTimeMillis();
                    arrivals.add(new Arrival(req.path(), new JsonObject(body), at));
                    req.response().setStatusCode(200).end();
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public static RecordingWebhook start(Vertx vertx) throws Exception {
        return new RecordingWebhook(vertx);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
