package io.tocsin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Open ingest (no tokens) stays on loopback: a network address without tokens is refused before anything starts. */
class IngestBindRuleTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutTokensIngestRefusesToListenOnANetworkAddress() {
        IngestConfig config =
                IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_HOST", "0.0.0.0"), new KafkaSettings("127.0.0.1:1"));
        IngestService service = new IngestService(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> service.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(
                "ingest would listen on 0.0.0.0 without tokens: set TOCSIN_INGEST_TOKENS_FILE, or bind a loopback"
                        + " address, or set TOCSIN_ALLOW_UNAUTHENTICATED=true to run it open",
                e.getCause().getMessage());
    }
}
