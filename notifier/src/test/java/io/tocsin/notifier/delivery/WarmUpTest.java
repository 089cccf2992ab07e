package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.notifier.channel.FakeChannel;
import io.tocsin.notifier.ledger.RecordingLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start's warm-up: one exchange with the notifier's own port per destination, nothing sent anywhere else. */
class WarmUpTest {
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(1));

    private final Vertx vertx = Vertx.vertx();
    private final RecordingLedger ledger = new RecordingLedger();
    private final FakeChannel slack = new FakeChannel();
    private final FakeChannel hook = new FakeChannel();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Destinations deploy() throws Exception {
        Map<String, List<Integration>> integrations = Map.of(
                "team",
                List.of(
                        new Integration("slack[0]", "slack", true, slack, "slack:team"),
                        new Integration("webhook[0]", "webhook", true, hook, "team/webhook[0]")),
                "ops",
                List.of(new Integration("webhook[0]", "webhook", true, hook, "ops/webhook[0]")));
        DecisionDelivery delivery = new DecisionDelivery(
                integrations,
                POLICY,
                Duration.ofSeconds(2),
                ledger,
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                () -> 0.5);
        return Destinations.deploy(vertx, delivery, new Progress(), new SimpleMeterRegistry(), e -> {})
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachDestinationsContextMakesOneExchangeWithTheNotifierItselfAndNothingIsSent() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        Set<String> callers = ConcurrentHashMap.newKeySet();
        HttpServer self = vertx.createHttpServer()
                .requestHandler(req -> {
                    paths.add(req.path());
                    callers.add(req.remoteAddress().toString());
                    // What the notifier's port answers while it starts.
                    req.response().setStatusCode(503).end("starting");
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        WebClient http = DeliveryHttp.client(vertx);

        WarmUp.run(deploy(), http, WarmUp.selfUrl("127.0.0.1", self.actualPort()))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertEquals(List.of("/-/healthy", "/-/healthy", "/-/healthy"), paths, "one exchange per destination");
        assertEquals(List.of(), slack.calls(), "no notification through any channel");
        assertEquals(List.of(), hook.calls(), "no notification through any channel");
        assertEquals(List.of(), ledger.entries(), "nothing in the ledger");
        http.close();
    }

    @Test
    void aWarmUpThatGetsNoAnswerStillCompletesWithinItsLimit() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        WebClient http = DeliveryHttp.client(vertx);
        long start = System.nanoTime();
        WarmUp.run(deploy(), http, WarmUp.selfUrl("127.0.0.1", closed))
                .toCompletionStage()
                .toCompletableFuture()
                .get(WarmUp.LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < WarmUp.LIMIT.toNanos() + TimeUnit.SECONDS.toNanos(1));
        assertEquals(List.of(), hook.calls());
        http.close();
    }

    @Test
    void aWildcardListenAddressIsWarmedThroughLoopback() {
        assertEquals("http://127.0.0.1:9093", WarmUp.selfUrl("0.0.0.0", 9093));
        assertEquals("http://127.0.0.1:9093", WarmUp.selfUrl("", 9093));
        assertEquals("http://[::1]:9093", WarmUp.selfUrl("::", 9093));
        assertEquals("http://[fe80::1]:9093", WarmUp.selfUrl("fe80::1", 9093));
        assertEquals("http://notifier.local:9093", WarmUp.selfUrl("notifier.local", 9093));
    }
}
