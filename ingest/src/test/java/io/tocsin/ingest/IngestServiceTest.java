package io.tocsin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The wiring, without a broker; tests/ covers the real one end to end. */
@ExtendWith(VertxExtension.class)
class IngestServiceTest {

    @Test
    void startsOnAnEphemeralPortWhileKafkaIsUnreachableReportsItDownAndRefusesWritesWith503(
            Vertx vertx, VertxTestContext tc) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Nothing listens on port 1: the metadata fetch gives up after max.block.ms.
        IngestConfig config =
                IngestConfig.defaults(new KafkaSettings("127.0.0.1:1")).withPort(0);
        IngestService service = new IngestService(vertx, config, registry);
        WebClient[] client = new WebClient[1];

        service.start()
                .compose(port -> {
                    assertTrue(port > 0, "bound port " + port);
                    client[0] = WebClient.create(
                            vertx,
                            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
                    return client[0].post("/v1/samples").sendBuffer(Buffer.buffer("[{\"name\":\"up\",\"value\":1}]"));
                })
                .map(r -> {
                    assertEquals(503, r.statusCode());
                    assertEquals("1", r.getHeader("Retry-After"));
                    assertEquals(
                            "Kafka is unavailable (no metadata for tocsin.samples.v1); retry later",
                            r.bodyAsJsonObject().getString("error"));
                    return r;
                })
                .compose(r -> client[0].get("/health").send())
                .map(r -> {
                    assertEquals(503, r.statusCode());
                    JsonObject kafka =
                            r.bodyAsJsonObject().getJsonObject("checks").getJsonObject("kafka");
                    assertFalse(kafka.getBoolean("up"));
                    assertTrue(
                            kafka.getString("detail").startsWith("no metadata for tocsin.samples.v1"), kafka.encode());
                    assertTrue(registry.scrape().contains("kafka_producer_"), "Kafka client metrics are bound");
                    return r;
                })
                .eventually(service::stop)
                .onComplete(tc.succeedingThenComplete());
    }
}
