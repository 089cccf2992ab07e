package io.tocsin.ingest.collect;

import io.tocsin.core.time.WallGrid;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.sink.KafkaSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every {@link Target} on its interval and writes what it saw through the shared sink,
 * as if it had been pushed. A scrape yields the target's samples plus {@code up} (1/0) and
 * {@code scrape_duration_seconds}; a probe yields {@code probe_success}, {@code
 * probe_duration_seconds}, {@code probe_http_status_code} and, over TLS, {@code
 * probe_tls_cert_expiry_days} (days until the earliest certificate of the chain expires). A
 * poll still running when the next is due is not started twice.
 */
public final class PullCollector extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(PullCollector.class);

    private final List<Target> targets;
    private final KafkaSink sink;
    private final Clock clock;
    private final Map<Target, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final Map<Target, String> lastProblem = new ConcurrentHashMap<>();
    private HttpClient verifying;
    private HttpClient trusting;

    public PullCollector(List<Target> targets, KafkaSink sink, Clock clock) {
        this.targets = List.copyOf(targets);
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        verifying = vertx.createHttpClient(new HttpClientOptions());
        trusting =
                vertx.createHttpClient(new HttpClientOptions().setTrustAll(true).setVerifyHost(false));
        for (Target t : targets) {
            running.put(t, new AtomicBoolean());
            long period = t.interval().toMillis();
            poll(t); // the first at once, the rest on the wall clock's grid: every target, and the
            // watchdog's heartbeat, of one period reaches the rules in one commit at rest (issue 20)
            vertx.setPeriodic(Math.max(1, WallGrid.untilNext(clock.millis(), period)), period, id -> poll(t));
        }
        log.info("Collecting from {} targets", targets.size());
        return Future.succeededFuture();
    }

    /** One poll of one target now; completes with what was written (for tests). */
    public Future<List<Sample>> poll(Target t) {
        AtomicBoolean busy = running.get(t);
        if (busy != null && !busy.compareAndSet(false, true)) {
            return Future.succeededFuture(List.of());
        }
        long start = System.nanoTime();
        Future<List<Sample>> collected = t.kind() == Target.Kind.SCRAPE ? scrape(t, start) : probe(t, start);
        return collected
                .compose(samples -> sink.write(samples, context).map(n -> samples))
                .onFailure(e -> problem(t, "not written: " + e.getMessage()))
                .onComplete(ar -> {
                    if (busy != null) {
                        busy.set(false);
                    }
                });
    }

    private Future<List<Sample>> scrape(Target t, long start) {
        Labels target = targetLabels(t, t.url().getHost() + ":" + port(t));
        long now = clock.millis();
        return get(t).compose(r -> {
                    if (r.status / 100 != 2) {
                        return Future.failedFuture("HTTP " + r.status);
                    }
                    try {
                        List<Sample> samples = new ArrayList<>(PrometheusText.parse(r.body.toString(), target, now));
                        samples.add(new Sample("up", target, 1, now, SampleKind.GAUGE));
                        samples.add(
                                new Sample("scrape_duration_seconds", target, seconds(start), now, SampleKind.GAUGE));
                        lastProblem.remove(t);
                        return Future.succeededFuture(samples);
                    } catch (PrometheusText.BadLine e) {
                        return Future.failedFuture(e.getMessage());
                    }
                })
                .recover(e -> {
                    problem(t, e.getMessage());
                    return Future.succeededFuture(List.of(
                            new Sample("up", target, 0, now, SampleKind.GAUGE),
                            new Sample("scrape_duration_seconds", target, seconds(start), now, SampleKind.GAUGE)));
                });
    }

    private Future<List<Sample>> probe(Target t, long start) {
        Labels target = targetLabels(t, t.url().toString());
        long now = clock.millis();
        return attempt(t, t.retries())
                .map(r -> {
                    boolean ok = succeeded(t, r);
                    List<Sample> samples = new ArrayList<>();
                    samples.add(new Sample("probe_success", target, ok ? 1 : 0, now, SampleKind.GAUGE));
                    samples.add(new Sample("probe_duration_seconds", target, seconds(start), now, SampleKind.GAUGE));
                    samples.add(new Sample("probe_http_status_code", target, r.status, now, SampleKind.GAUGE));
                    if (r.certExpiryMs != null) {
                        samples.add(new Sample(
                                "probe_tls_cert_expiry_days",
                                target,
                                (r.certExpiryMs - now) / 86_400_000.0,
                                now,
                                SampleKind.GAUGE));
                    }
                    if (ok) {
                        lastProblem.remove(t);
                    } else {
                        problem(t, "HTTP " + r.status);
                    }
                    return samples;
                })
                .recover(e -> {
                    problem(t, e.getMessage());
                    return Future.succeededFuture(List.of(
                            new Sample("probe_success", target, 0, now, SampleKind.GAUGE),
                            new Sample("probe_duration_seconds", target, seconds(start), now, SampleKind.GAUGE)));
                });
    }

    /** One check: the request, then up to {@code retriesLeft} more, {@link Target#RETRY_PAUSE} apart, while it fails. */
    private Future<Response> attempt(Target t, int retriesLeft) {
        Future<Response> once = get(t);
        if (retriesLeft == 0) {
            return once;
        }
        return once.transform(ar -> ar.succeeded() && succeeded(t, ar.result())
                ? Future.succeededFuture(ar.result())
                : vertx.timer(Target.RETRY_PAUSE.toMillis()).compose(v -> attempt(t, retriesLeft - 1)));
    }

    private static boolean succeeded(Target t, Response r) {
        return t.expectStatus() == 0 ? r.status / 100 == 2 : r.status == t.expectStatus();
    }

    private record Response(int status, Buffer body, Long certExpiryMs) {}

    private Future<Response> get(Target t) {
        HttpClient client = t.insecure() ? trusting : verifying;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(t.url().toString())
                .setIdleTimeout(t.timeout().toMillis())
                .setConnectTimeout(t.timeout().toMillis())
                .putHeader("Accept", "text/plain;version=0.0.4")
                .putHeader("User-Agent", "tocsin-collector");
        long deadline = t.timeout().toMillis();
        return client.request(options)
                .compose(req -> req.send()
                        .compose(resp -> resp.body()
                                .map(body -> new Response(
                                        resp.statusCode(),
                                        body,
                                        earliestExpiry(
                                                req.connection().isSsl()
                                                        ? peerCertificates(req.connection())
                                                        : List.of())))))
                .timeout(deadline, TimeUnit.MILLISECONDS);
    }

    private static List<Certificate> peerCertificates(io.vertx.core.http.HttpConnection connection) {
        try {
            return connection.peerCertificates();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static Long earliestExpiry(List<Certificate> chain) {
        Long earliest = null;
        for (Certificate c : chain) {
            if (c instanceof X509Certificate x) {
                long notAfter = x.getNotAfter().getTime();
                earliest = earliest == null ? notAfter : Math.min(earliest, notAfter);
            }
        }
        return earliest;
    }

    private static Labels targetLabels(Target t, String instance) {
        return Labels.of(t.labels()).with("job", t.name()).with("instance", instance);
    }

    private static int port(Target t) {
        return t.url().getPort() > 0
                ? t.url().getPort()
                : "https".equals(t.url().getScheme()) ? 443 : 80;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Logged once per change of problem, not once per poll. */
    private void problem(Target t, String what) {
        if (!what.equals(lastProblem.put(t, what))) {
            log.warn("{} {} ({}): {}", t.kind().name().toLowerCase(java.util.Locale.ROOT), t.name(), t.url(), what);
        }
    }
}
