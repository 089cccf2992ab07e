package io.tocsin.ingest.http;

import static io.tocsin.ingest.remotewrite.WriteRequests.request;
import static io.tocsin.ingest.remotewrite.WriteRequests.series;
import static io.tocsin.ingest.remotewrite.WriteRequests.snappy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.Json;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
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
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /api/v1/write as Prometheus calls it: the status codes are what decides its retries. */
@ExtendWith(VertxExtension.class)
class RemoteWriteRouteTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private static final long NOW_MS = NOW.toEpochMilli();

    private final MutableClock clock = new MutableClock(NOW);
    private final MockProducer<String, byte[]> producer = TestSinks.manualProducer();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext tc) {
        this.vertx = vertx;
        KafkaSink sink = TestSinks.ready(producer, 100, clock);
        Decoders decoders = Decoders.create(
                new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), 64 * 1024, clock);
        IngestVerticle verticle = new IngestVerticle(
                "127.0.0.1",
                0,
                HttpLimits.withBodyLimit(16 * 1024),
                new HttpLoad(),
                decoders,
                Clients.open(),
                sink,
                new Health().register("kafka", sink::check),
                registry);
        vertx.deployVerticle(verticle)
                .onSuccess(id -> client = WebClient.create(
                        vertx,
                        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(verticle.actualPort())))
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers204OnlyAfterKafkaAcknowledgedAndWritesSamplesKeyedBySeries(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> response = write(snappy(request(
                series(3, NOW_MS - 15_000, "__name__", "http_requests_total", "job", "api", "status", "500"),
                series(1, NOW_MS, "__name__", "up", "job", "api"))));
        sends(2).map(v -> {
                    assertFalse(response.isComplete(), "no answer before Kafka's acknowledgement");
                    producer.completeNext();
                    producer.completeNext();
                    return v;
                })
                .compose(v -> response)
                .map(r -> {
                    assertEquals(204, r.statusCode());
                    assertEquals(0, r.body() == null ? 0 : r.body().length());
                    var first = producer.history().get(0);
                    assertEquals("http_requests_total{job=\"api\", status=\"500\"}", first.key());
                    assertEquals(NOW_MS - 15_000, first.timestamp());
                    assertEquals(
                            new Sample(
                                    "http_requests_total",
                                    Labels.of("job", "api", "status", "500"),
                                    3,
                                    NOW_MS - 15_000,
                                    SampleKind.COUNTER),
                            Json.read(first.value(), Sample.class));
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers400ForABadSeriesWhichPrometheusDoesNotRetryAndWritesNothing(VertxTestContext tc) {
        write(snappy(request(series(1, NOW_MS, "__name__", "up"), series(1, NOW_MS, "__name__", "up", "a-b", "x"))))
                .map(r -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(
                            "timeseries[1].labels[1] \"a-b\": invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)",
                            r.bodyAsJsonObject().getString("error"));
                    assertTrue(producer.history().isEmpty());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers415ToRemoteWrite2(VertxTestContext tc) {
        client.post("/api/v1/write")
                .putHeader("Content-Encoding", "snappy")
                .putHeader("Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request")
                .putHeader("X-Prometheus-Remote-Write-Version", "2.0.0")
                .sendBuffer(Buffer.buffer(snappy(request(series(1, NOW_MS, "__name__", "up")))))
                .map(r -> {
                    assertEquals(415, r.statusCode());
                    assertTrue(producer.history().isEmpty());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void answers503WithRetryAfterWhenKafkaDoesNotAcknowledgeSoThatPrometheusRetries(VertxTestContext tc) {
        Future<HttpResponse<Buffer>> response = write(snappy(request(series(1, NOW_MS, "__name__", "up"))));
        sends(1).map(v -> {
                    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
                    return v;
                })
                .compose(v -> response)
                .map(r -> {
                    assertEquals(503, r.statusCode());
                    assertEquals("1", r.getHeader("Retry-After"));
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    private Future<HttpResponse<Buffer>> write(byte[] body) {
        return client.post("/api/v1/write")
                .putHeader("Content-Encoding", "snappy")
                .putHeader("Content-Type", "application/x-protobuf")
                .putHeader("X-Prometheus-Remote-Write-Version", "0.1.0")
                .sendBuffer(Buffer.buffer(body));
    }

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
}
