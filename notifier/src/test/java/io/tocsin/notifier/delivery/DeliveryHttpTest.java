package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryHttpTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Vert.x's default pool (5 per host) would hold all but 5 of a destination's calls back. */
    @Test
    void aDestinationsCallsAtOnceAllReachOneHostAtOnce() throws Exception {
        List<HttpServerRequest> held = new ArrayList<>();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> {
                    synchronized (held) {
                        held.add(req); // answered only once every call has arrived
                    }
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        WebClient client = DeliveryHttp.client(vertx);
        String url = "http://127.0.0.1:" + server.actualPort() + "/hook";
        List<Future<?>> answers = new ArrayList<>();
        for (int i = 0; i < Destination.IN_FLIGHT; i++) {
            answers.add(client.postAbs(url).sendBuffer(Buffer.buffer("{}")));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (held) {
                if (held.size() == Destination.IN_FLIGHT) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        synchronized (held) {
            assertEquals(Destination.IN_FLIGHT, held.size(), "every call open at once on its own connection");
            held.forEach(r -> r.response().end());
        }
        for (Future<?> a : answers) {
            a.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        client.close();
    }
}
