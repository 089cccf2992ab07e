package io.tocsin.tests.bench.floor;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * POST /api/v2/alerts answered 200 once Kafka acknowledged every alert of the batch, as the
 * notifier's API does (acks=all, idempotent): each alert keyed by its sorted labels. No
 * validation, dedupe, read-after-write copy or backlog gate.
 */
final class FloorApi implements AutoCloseable {
    private final HttpServer server;

    private FloorApi(HttpServer server) {
        this.server = server;
    }

    static FloorApi start(Vertx vertx, KafkaProducer<String, byte[]> producer) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (req.method() != HttpMethod.POST || !req.path().equals("/api/v2/alerts")) {
                        req.response().setStatusCode(404).end();
                        return;
                    }
                    JsonArray alerts = body.toJsonArray();
                    AtomicInteger left = new AtomicInteger(alerts.size());
                    AtomicInteger failed = new AtomicInteger();
                    for (int i = 0; i < alerts.size(); i++) {
                        JsonObject a = alerts.getJsonObject(i);
                        producer.send(
                                new ProducerRecord<>(
                                        FloorTopology.ALERTS,
                                        key(a.getJsonObject("labels")),
                                        a.encode().getBytes(StandardCharsets.UTF_8)),
                                (md, e) -> {
                                    if (e != null) {
                                        failed.incrementAndGet();
                                    }
                                    if (left.decrementAndGet() == 0) {
                                        req.response()
                                                .setStatusCode(failed.get() == 0 ? 200 : 503)
                                                .end();
                                    }
                                });
                    }
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        return new FloorApi(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private static String key(JsonObject labels) {
        StringBuilder key = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(labels.getMap()).entrySet()) {
            key.append(e.getKey()).append('=').append(e.getValue()).append(',');
        }
        return key.toString();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
