package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An answer pumped over HTTP in small pieces reaches the client whole, chunked, byte for byte. */
class ListingPumpTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final AlertView.Query ALL = new AlertView.Query(true, true, true, List.of(), null);
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<AlertGroup> groups() {
        TreeMap<String, Alert> held = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            Alert a = TestAlerts.firing("HighCpu", "instance", "db-" + i);
            held.put(a.fingerprint(), a);
        }
        RouteTiming timing = new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);
        return List.of(new AlertGroup(
                new GroupRef("team", "{}:team", Labels.EMPTY, timing),
                NOW,
                held,
                null,
                null,
                null,
                0,
                null,
                null,
                false,
                null));
    }

    private static ListingStream stream(int chunk) {
        return new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW).stream(groups(), null, null, ALL, chunk);
    }

    @Test
    void theClientGetsTheWholeAnswerChunked() throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> new ListingPump(
                                vertx,
                                stream(1024),
                                req.response().setChunked(true).putHeader("Content-Type", "application/json"))
                        .start())
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        HttpResponse<String> got = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, got.statusCode());
        assertEquals(Optional.empty(), got.headers().firstValue("Content-Length"), "streamed, so no length ahead");
        assertEquals(stream(JsonChunks.CHUNK).drain().toBuffer().toString(), got.body());
    }
}
