package io.tocsin.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics over HTTP: all of it, or only the {@code name[]} asked, as the self-scrape asks. */
class OpsRoutesMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private int port;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("tocsin.notifier.dead.letters")
                .tag("receiver", "ops")
                .register(registry)
                .increment();
        Gauge.builder("tocsin.rules.last.reload.ok", () -> 1).register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 7).register(registry);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, new Health(), registry);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void withoutNamesEveryMetric() throws Exception {
        String body = get("/metrics");
        assertTrue(body.contains("tocsin_notifier_dead_letters_total{receiver=\"ops\"} 1.0"), body);
        assertTrue(body.contains("tocsin_rules_last_reload_ok 1.0"), body);
        assertTrue(body.contains("kafka_consumer_fetch_manager_records_lag 7.0"), body);
    }

    @Test
    void withNamesOnlyThoseAskedByTheirSampleNames() throws Exception {
        String body =
                get("/metrics?name%5B%5D=tocsin_notifier_dead_letters_total&name%5B%5D=tocsin_rules_last_reload_ok");
        assertTrue(body.contains("tocsin_notifier_dead_letters_total{receiver=\"ops\"} 1.0"), body);
        assertTrue(body.contains("tocsin_rules_last_reload_ok 1.0"), body);
        assertFalse(body.contains("kafka_consumer"), body);
    }

    @Test
    void aNameNothingHasAnswersEmpty() throws Exception {
        assertEquals("", get("/metrics?name%5B%5D=no_such_metric").strip());
    }
}
