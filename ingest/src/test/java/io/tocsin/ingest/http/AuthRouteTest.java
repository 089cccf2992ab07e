package io.tocsin.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.config.Secret;
import io.tocsin.ingest.auth.Client;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.auth.LabelPolicy;
import io.tocsin.ingest.auth.RateLimit;
import io.tocsin.ingest.remotewrite.WriteRequests;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.MutableClock;
import io.tocsin.ingest.sink.TestSinks;
import io.tocsin.ops.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every refusal of a configured ingest, on every kind of receiver, and that nothing refused is written. */
@ExtendWith(VertxExtension.class)
class AuthRouteTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private static final String WEB_TOKEN = "web-secret-token-0123456789";
    private static final String TINY_TOKEN = "tiny-secret-token-0123456789";
    private static final String SAMPLE = "[{\"name\":\"up\",\"labels\":{\"job\":\"%s\"},\"value\":1}]";

    private final MutableClock clock = new MutableClock(NOW);
    // Acknowledges at once: these tests are about what gets to Kafka at all.
    private final MockProducer<String, byte[]> producer = new MockProducer<>(
            true,
            null,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private WebClient client;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext tc) {
        KafkaSink sink = TestSinks.ready(producer, 1000, clock);
        Clients clients = new Clients(
                List.of(
                        new Client(
                                "web",
                                Secret.inline(WEB_TOKEN),
                                new LabelPolicy(Map.of("job", Pattern.compile("web|api"))),
                                new RateLimit(2, 3),
                                0),
                        new Client("tiny", Secret.inline(TINY_TOKEN), LabelPolicy.ANY, RateLimit.UNLIMITED, 2)),
                clock);
        IngestVerticle verticle = new IngestVerticle(
                "127.0.0.1",
                0,
                HttpLimits.withBodyLimit(64 * 1024),
                new HttpLoad(),
                Decoders.create(
                        new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), 1 << 20, clock),
                clients,
                sink,
                new Health(),
                registry);
        vertx.deployVerticle(verticle)
                .onSuccess(id -> client = WebClient.create(
                        vertx,
                        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(verticle.actualPort())))
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void withoutATokenIs401WithAChallenge(VertxTestContext tc) {
        client.post("/v1/samples")
                .sendBuffer(Buffer.buffer(SAMPLE.formatted("web")))
                .map(r -> {
                    assertEquals(401, r.statusCode());
                    assertEquals("Bearer realm=\"tocsin\"", r.getHeader("WWW-Authenticate"));
                    assertEquals(
                            "missing Authorization header (Bearer token)",
                            r.bodyAsJsonObject().getString("error"));
                    assertNothingWritten(r);
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aWrongTokenIs401OnEveryReceiverAndIsNotEchoed(VertxTestContext tc) {
        String wrong = "Bearer not-the-token-" + "x".repeat(20);
        client.post("/api/v1/write")
                .putHeader("Authorization", wrong)
                .sendBuffer(Buffer.buffer(WriteRequests.snappy(
                        WriteRequests.request(WriteRequests.series(1, NOW.toEpochMilli(), "__name__", "up")))))
                .map(r -> {
                    assertEquals(401, r.statusCode());
                    assertEquals("invalid token", r.bodyAsJsonObject().getString("error"));
                    assertFalse(r.bodyAsString().contains("not-the-token"));
                    return r;
                })
                .compose(r -> client.post("/loki/api/v1/push")
                        .putHeader("Authorization", wrong)
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer("{\"streams\":[]}")))
                .map(r -> {
                    assertEquals(401, r.statusCode());
                    assertNothingWritten(r);
                    assertEquals(
                            2.0,
                            registry.get("tocsin.ingest.requests.rejected")
                                    .tag("reason", "unauthorized")
                                    .counter()
                                    .count());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aValidTokenWritesAndBasicAuthWithTheTokenAsPasswordToo(VertxTestContext tc) {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("loki4j:" + WEB_TOKEN).getBytes(StandardCharsets.UTF_8));
        post(WEB_TOKEN, SAMPLE.formatted("web"))
                .map(r -> {
                    assertEquals(200, r.statusCode(), r.bodyAsString());
                    return r;
                })
                .compose(r -> client.post("/v1/samples")
                        .putHeader("Authorization", basic)
                        .sendBuffer(Buffer.buffer(SAMPLE.formatted("api"))))
                .map(r -> {
                    assertEquals(200, r.statusCode(), r.bodyAsString());
                    assertEquals(2, producer.history().size());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aLabelTheClientMayNotWriteIs403(VertxTestContext tc) {
        post(WEB_TOKEN, SAMPLE.formatted("db"))
                .map(r -> {
                    assertEquals(403, r.statusCode());
                    assertEquals(
                            "client web: sample 0 (up): job=\"db\" is not allowed (must match web|api)",
                            r.bodyAsJsonObject().getString("error"));
                    assertNull(r.getHeader("Retry-After"));
                    assertNothingWritten(r);
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void overTheRateIs429WithRetryAfter(VertxTestContext tc) {
        String item = "{\"name\":\"up\",\"labels\":{\"job\":\"web\"},\"value\":1}";
        String three = "[" + item + "," + item + "," + item + "]";
        post(WEB_TOKEN, three)
                .map(r -> {
                    assertEquals(200, r.statusCode(), r.bodyAsString());
                    return r;
                })
                .compose(r -> post(WEB_TOKEN, SAMPLE.formatted("web")))
                .map(r -> {
                    assertEquals(429, r.statusCode());
                    assertEquals("1", r.getHeader("Retry-After"));
                    assertEquals(3, producer.history().size(), "the refused request wrote nothing");
                    clock.advance(Duration.ofSeconds(1));
                    return r;
                })
                .compose(r -> post(WEB_TOKEN, SAMPLE.formatted("web")))
                .map(r -> {
                    assertEquals(200, r.statusCode(), "after Retry-After it passes");
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void pastTheSeriesCapNewSeriesAre400(VertxTestContext tc) {
        post(TINY_TOKEN, "[{\"name\":\"a\",\"value\":1},{\"name\":\"b\",\"value\":1}]")
                .compose(r -> post(TINY_TOKEN, "[{\"name\":\"c\",\"value\":1}]"))
                .map(r -> {
                    assertEquals(400, r.statusCode());
                    assertEquals(
                            "client tiny: series limit reached: 2 series written, 1 new in this request, at most 2 allowed",
                            r.bodyAsJsonObject().getString("error"));
                    assertEquals(2, producer.history().size());
                    return r;
                })
                .onComplete(tc.succeedingThenComplete());
    }

    private Future<HttpResponse<Buffer>> post(String token, String body) {
        return client.post("/v1/samples")
                .putHeader("Authorization", "Bearer " + token)
                .sendBuffer(Buffer.buffer(body));
    }

    private void assertNothingWritten(HttpResponse<Buffer> r) {
        assertTrue(producer.history().isEmpty(), "nothing written for a " + r.statusCode());
    }
}
