package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.MutableClock;
import io.tocsin.ingest.sink.TestSinks;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scrapes and probes against local servers (plain HTTP and TLS with a self-signed certificate). */
@ExtendWith(VertxExtension.class)
class PullCollectorTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private PullCollector collector;
    private int plainPort;
    private int tlsPort;
    private final java.util.concurrent.atomic.AtomicInteger flakyCalls =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Made once: generating the key pair is the slowest thing here. */
    private static SelfSignedCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = SelfSignedCertificate.create("localhost");
    }

    @BeforeEach
    void start(Vertx vertx, VertxTestContext tc) {
        KafkaSink sink = TestSinks.ready(producer, 1000, clock);
        collector = new PullCollector(List.of(), sink, clock);
        vertx.deployVerticle(collector)
                .compose(id -> vertx.createHttpServer()
                        .requestHandler(req -> {
                            switch (req.path()) {
                                case "/metrics" ->
                                    req.response()
                                            .putHeader("content-type", "text/plain; version=0.0.4")
                                            .end("# TYPE jobs_total counter\njobs_total{queue=\"mail\"} 7\n");
                                case "/broken" -> req.response().end("jobs_total{queue=\"mail\" 7\n");
                                // fails twice, then answers: a worker restarting under the probe
                                case "/flaky" ->
                                    req.response()
                                            .setStatusCode(flakyCalls.incrementAndGet() <= 2 ? 503 : 200)
                                            .end();
                                default -> req.response().setStatusCode(503).end("down");
                            }
                        })
                        .listen(0, "127.0.0.1"))
                .map(HttpServer::actualPort)
                .compose(p -> {
                    plainPort = p;
                    return vertx.createHttpServer(
                                    new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
                            .requestHandler(req -> req.response().end("ok"))
                            .listen(0, "127.0.0.1");
                })
                .onSuccess(s -> tlsPort = s.actualPort())
                .onComplete(tc.succeedingThenComplete());
    }

    @Test
    void aScrapeWritesTheTargetsSamplesWithJobInstanceAndUp(VertxTestContext tc) {
        Target t = target(Target.Kind.SCRAPE, "http://127.0.0.1:" + plainPort + "/metrics", false);
        collector
                .poll(t)
                .onComplete(tc.succeeding(samples -> tc.verify(() -> {
                    Map<String, Sample> byName = byName(samples);
                    Labels target = Labels.of("job", "worker", "instance", "127.0.0.1:" + plainPort, "env", "test");
                    assertEquals(
                            target.with("queue", "mail"),
                            byName.get("jobs_total").labels());
                    assertEquals(7.0, byName.get("jobs_total").value());
                    assertEquals(1.0, byName.get("up").value());
                    assertTrue(byName.containsKey("scrape_duration_seconds"));
                    assertEquals(3, producer.history().size(), "written to Kafka");
                    tc.completeNow();
                })));
    }

    @Test
    void aBrokenOrFailingTargetIsUpZero(VertxTestContext tc) {
        collector
                .poll(target(Target.Kind.SCRAPE, "http://127.0.0.1:" + plainPort + "/broken", false))
                .compose(broken -> {
                    tc.verify(() -> assertEquals(0.0, byName(broken).get("up").value()));
                    return collector.poll(target(Target.Kind.SCRAPE, "http://127.0.0.1:1/metrics", false));
                })
                .onComplete(tc.succeeding(refused -> tc.verify(() -> {
                    assertEquals(0.0, byName(refused).get("up").value());
                    tc.completeNow();
                })));
    }

    @Test
    void aProbeReportsSuccessStatusAndTheCertificatesDaysLeft(VertxTestContext tc) {
        collector
                .poll(target(Target.Kind.PROBE, "https://localhost:" + tlsPort + "/health", true))
                .compose(tls -> {
                    tc.verify(() -> {
                        Map<String, Sample> byName = byName(tls);
                        assertEquals(1.0, byName.get("probe_success").value());
                        assertEquals(200.0, byName.get("probe_http_status_code").value());
                        double days = byName.get("probe_tls_cert_expiry_days").value();
                        assertEquals(daysLeft(), days, 0.01, "days until the server certificate's notAfter");
                    });
                    return collector.poll(
                            target(Target.Kind.PROBE, "http://127.0.0.1:" + plainPort + "/health", false));
                })
                .compose(down -> {
                    tc.verify(() -> {
                        assertEquals(0.0, byName(down).get("probe_success").value());
                        assertEquals(
                                503.0,
                                byName(down).get("probe_http_status_code").value());
                    });
                    return collector.poll(target(Target.Kind.PROBE, "https://localhost:" + tlsPort + "/health", false));
                })
                .onComplete(tc.succeeding(untrusted -> tc.verify(() -> {
                    assertEquals(
                            0.0,
                            byName(untrusted).get("probe_success").value(),
                            "an unverifiable certificate fails the probe");
                    tc.completeNow();
                })));
    }

    @Test
    void aProbeWithRetriesFailsOnlyWhenEveryAttemptFailsASecondApart(VertxTestContext tc) {
        Target twoRetries = new Target(
                Target.Kind.PROBE,
                "worker",
                URI.create("http://127.0.0.1:" + plainPort + "/flaky"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Map.of(),
                0,
                false,
                2);
        Target oneRetry = new Target(
                Target.Kind.PROBE,
                "worker",
                URI.create("http://127.0.0.1:" + plainPort + "/health"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Map.of(),
                0,
                false,
                1);
        long started = System.nanoTime();
        collector
                .poll(twoRetries)
                .compose(flaky -> {
                    tc.verify(() -> {
                        assertEquals(1.0, byName(flaky).get("probe_success").value(), "the third attempt answered");
                        assertEquals(3, flakyCalls.get());
                        assertTrue(
                                System.nanoTime() - started
                                        >= Target.RETRY_PAUSE.multipliedBy(2).toNanos(),
                                "two pauses between three attempts");
                    });
                    return collector.poll(oneRetry);
                })
                .onComplete(tc.succeeding(down -> tc.verify(() -> {
                    assertEquals(0.0, byName(down).get("probe_success").value());
                    assertEquals(
                            503.0, byName(down).get("probe_http_status_code").value());
                    tc.completeNow();
                })));
    }

    private double daysLeft() throws Exception {
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(cert.certificatePath()))) {
            var x509 = (java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            return (x509.getNotAfter().getTime() - clock.millis()) / 86_400_000.0;
        }
    }

    private static Target target(Target.Kind kind, String url, boolean insecure) {
        return new Target(
                kind,
                "worker",
                URI.create(url),
                Duration.ofSeconds(15),
                Duration.ofSeconds(10),
                Map.of("env", "test"),
                0,
                insecure,
                0);
    }

    private static Map<String, Sample> byName(List<Sample> samples) {
        return samples.stream().collect(Collectors.toMap(Sample::name, Function.identity()));
    }
}
