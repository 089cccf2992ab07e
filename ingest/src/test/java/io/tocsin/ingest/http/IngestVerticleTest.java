package io.tocsin.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.MutableClock;
import io.tocsin.ingest.sink.TestSinks;
import io.tocsin.ops.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class IngestVerticleTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private static final int BODY_LIMIT = 1024;
    private static final int MAX_IN_FLIGHT = 3;
    private static final String TWO_SAMPLES = """
            {"samples":[{"name":"http_requests_total","labels":{"job":"api","status":"500"},"value":1,"kind":"counter"},
                        {"name":"up","labels":{"job":"api"},"value":1}]}""";

    private final MutableClock clock = new MutableClock(NOW);
    private final MockProducer<String, byte[]> producer = TestSinks.manualProducer();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext tc) {
        this.vertx = vertx;
        KafkaSink sink = TestSinks.ready(producer, MAX_IN_FLIGHT, clock);
        Health health = new Health().register("kafka", sink::check);
        Decoders decoders = Decoders.create(
                new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), BODY_LIMIT * 16, clock);
        IngestVerticle verticle = new IngestVerticle(
                "127.0.0.1",
                0,
                HttpLimits.withBodyLimit(BODY_LIMIT),
                new HttpLoad(),
                decoders,
                Clients.open(),
                sink,
                health,
                registry);
        vertx.deployVerticle(verticle)
                .onSuccess(id -> client = WebClient.create(
                        vertx,
                        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(verticle.actualPort())))
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers200OnlyAfterKafkaAcknowledgedEverySample(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> response = post(TWO_SAMPLES);
        sends(2).map(v -> {
                    assertFalse(response.isComplete(), "no answer before Kafka's acknowledgement");
                    producer.completeNext();
                    producer.completeNext();
                    return v;
                })
                .compose(v -> response)
                .map(r -> {
                    assertEquals(200, r.statusCode());
                    assertEquals(new JsonObject().put("status", "success").put("accepted", 2), r.bodyAsJsonObject());
                    assertEquals(NOW.toEpochMilli(), producer.history().get(0).timestamp(), "no timestamp means now");
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void refusesABadSampleWith400NamingTheFieldAndWritesNothing(VertxTestContext tc) {
        post("""
                [{"name":"up","value":1},{"name":"up","value":1,"labels":{"1x":"y"}}]""")
                .map(r -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(
                            new JsonObject()
                                    .put("status", "error")
                                    .put(
                                            "error",
                                            "samples[1].labels[\"1x\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                            r.bodyAsJsonObject());
                    assertTrue(producer.history().isEmpty());
                    assertEquals(1.0, rejected("bad_request"));
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers503WithRetryAfterWhenKafkaFailsASample(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> response = post(TWO_SAMPLES);
        sends(2).map(v -> {
                    producer.completeNext();
                    producer.errorNext(
                            new TimeoutException("Expiring 1 record(s) after 30000 ms: broker-3.internal:9093"));
                    return v;
                })
                .compose(v -> response)
                .map(r -> {
                    assertEquals(503, r.statusCode());
                    assertEquals("1", r.getHeader("Retry-After"));
                    assertEquals(
                            "Kafka did not acknowledge 1 of 2 samples (TimeoutException); retry later",
                            r.bodyAsJsonObject().getString("error"));
                    assertEquals(1.0, rejected("kafka_unavailable"));
                    return r;
                })
                .compose(r -> client.get("/health").send())
                .map(health -> {
                    assertEquals(503, health.statusCode());
                    JsonObject kafka =
                            health.bodyAsJsonObject().getJsonObject("checks").getJsonObject("kafka");
                    assertFalse(kafka.getBoolean("up"));
                    assertTrue(kafka.getString("detail").contains("TimeoutException"), kafka.encode());
                    return health;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers503OverloadedWhileTheInFlightBudgetIsFullAndWritesNothingOfTheBatch(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> first = post(TWO_SAMPLES);
        sends(2).compose(v -> post(TWO_SAMPLES))
                .map(r -> {
                    assertEquals(503, r.statusCode());
                    assertEquals("1", r.getHeader("Retry-After"));
                    assertEquals(
                            "overloaded: 2 samples are waiting for Kafka; retry later",
                            r.bodyAsJsonObject().getString("error"));
                    assertEquals(2, producer.history().size());
                    assertEquals(1.0, rejected("overloaded"));
                    producer.completeNext();
                    producer.completeNext();
                    return r;
                })
                .compose(r -> first)
                .map(r -> {
                    assertEquals(200, r.statusCode());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void refusesABodyOverTheLimitWith413(VertxTestContext tc) {
        String big = "[" + "{\"name\":\"up\",\"value\":1},".repeat(60) + "{\"name\":\"up\",\"value\":1}]";
        post(big)
                .map(r -> {
                    assertEquals(413, r.statusCode());
                    assertEquals(
                            "request body of 1465 bytes is larger than the limit of 1024 bytes"
                                    + " (TOCSIN_INGEST_BODY_LIMIT_BYTES); split it",
                            r.bodyAsJsonObject().getString("error"));
                    assertTrue(producer.history().isEmpty());
                    assertEquals(1.0, rejected("too_large"));
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void refusesABatchThatCouldNeverFitInFlightWith413(VertxTestContext tc) {
        post("[" + "{\"name\":\"up\",\"value\":1},".repeat(MAX_IN_FLIGHT) + "{\"name\":\"up\",\"value\":1}]")
                .map(r -> {
                    assertEquals(413, r.statusCode());
                    assertNull(r.getHeader("Retry-After"), "retrying cannot help");
                    assertEquals(
                            "batch of 4 records is larger than the limit of 3; split it",
                            r.bodyAsJsonObject().getString("error"));
                    assertTrue(producer.history().isEmpty());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void metricsCountAcceptedSamplesAndRejectionsByReason(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> accepted = post(TWO_SAMPLES);
        sends(2).map(v -> {
                    producer.completeNext();
                    producer.completeNext();
                    return v;
                })
                .compose(v -> accepted)
                .compose(r -> post("not json"))
                .compose(r -> client.get("/metrics").send())
                .map(r -> {
                    String text = r.bodyAsString();
                    assertEquals(200, r.statusCode());
                    assertTrue(text.contains("tocsin_ingest_samples_accepted_total 2.0"), text);
                    assertTrue(
                            text.contains("tocsin_ingest_requests_rejected_total{reason=\"bad_request\"} 1.0"), text);
                    assertTrue(text.contains("tocsin_ingest_requests_rejected_total{reason=\"overloaded\"} 0.0"), text);
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void healthIsUpWhileKafkaAnswers(VertxTestContext tc) {
        client.get("/health/ready")
                .send()
                .map(r -> {
                    assertEquals(200, r.statusCode());
                    assertTrue(r.bodyAsJsonObject()
                            .getJsonObject("checks")
                            .getJsonObject("kafka")
                            .getBoolean("up"));
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aRecordKafkaRefusesAsTooLargeIs413ForThatRequestAndHealthStaysUp(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> response = post(TWO_SAMPLES);
        sends(2).map(v -> {
                    producer.completeNext();
                    producer.errorNext(new RecordTooLargeException("The message is 1048700 bytes when serialized"));
                    return v;
                })
                .compose(v -> response)
                .map(r -> {
                    assertEquals(413, r.statusCode());
                    assertNull(r.getHeader("Retry-After"), "retrying cannot help");
                    assertEquals(
                            "Kafka refused 1 of 2 records as too large (RecordTooLargeException); shorten them"
                                    + " or split the batch",
                            r.bodyAsJsonObject().getString("error"));
                    return r;
                })
                .compose(r -> client.get("/health").send())
                .map(health -> {
                    assertEquals(200, health.statusCode(), "a client's record says nothing of Kafka's health");
                    return health;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aHeartbeatWhoseNameIsAnOverlongSlashIs400(VertxTestContext tc) {
        client.get("/v1/heartbeat/backup%C0%AFetc")
                .send()
                .map(r -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(
                            "path: not valid UTF-8 once percent-decoded: byte 20 (0xC0) starts an overlong encoding",
                            r.bodyAsJsonObject().getString("error"));
                    assertTrue(producer.history().isEmpty());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    // ---- helpers ----

    private Future<HttpResponse<Buffer>> post(String body) {
        return client.post("/v1/samples")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body));
    }

    /** Completes once the producer has been handed {@code n} records (a check every few ms, no sleeping). */
    private Future<Void> sends(int n) {
        Promise<Void> sent = Promise.promise();
        vertx.setPeriodic(5, id -> {
            if (producer.history().size() >= n) {
                vertx.cancelTimer(id);
                sent.tryComplete();
            }
        });
        return sent.future();
    }

    private double rejected(String reason) {
        return registry.get("tocsin.ingest.requests.rejected")
                .tag("reason", reason)
                .counter()
                .count();
    }
}
