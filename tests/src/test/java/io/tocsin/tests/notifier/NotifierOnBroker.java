package io.tocsin.tests.notifier;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.config.ConfigSource;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.tests.Eventually;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A notifier service alone on the test broker, with its own config, state dir and application id. */
public final class NotifierOnBroker implements AutoCloseable {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final NotifierService service;
    public final String url;
    final PrometheusMeterRegistry registry;

    /** A counter's value, or 0 when it was never incremented. */
    public double counted(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private NotifierOnBroker(NotifierService service, int port, PrometheusMeterRegistry registry) {
        this.service = service;
        this.url = "http://127.0.0.1:" + port;
        this.registry = registry;
    }

    public static NotifierOnBroker start(
            Vertx vertx, String bootstrap, String yaml, Map<String, String> env, Path stateDir, String applicationId)
            throws Exception {
        return start(vertx, bootstrap, yaml, env, stateDir, applicationId, 0);
    }

    /** @param port a fixed port makes the instance reachable by the others of its application (fan-out) */
    static NotifierOnBroker start(
            Vertx vertx,
            String bootstrap,
            String yaml,
            Map<String, String> env,
            Path stateDir,
            String applicationId,
            int port)
            throws Exception {
        return start(vertx, bootstrap, yaml, env, stateDir, applicationId, port, ControlAccess.LOOPBACK_ONLY);
    }

    static NotifierOnBroker start(
            Vertx vertx,
            String bootstrap,
            String yaml,
            Map<String, String> env,
            Path stateDir,
            String applicationId,
            int port,
            ControlAccess access)
            throws Exception {
        return start(
                vertx,
                bootstrap,
                NotifierConfig.parse(yaml, "notifier.yml", env),
                stateDir,
                applicationId,
                port,
                access);
    }

    /** A notifier on a config loaded elsewhere (from a file, with its templates). */
    static NotifierOnBroker start(
            Vertx vertx,
            String bootstrap,
            NotifierConfig config,
            Path stateDir,
            String applicationId,
            int port,
            ControlAccess access)
            throws Exception {
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        NotifierSettings settings =
                new NotifierSettings(new KafkaSettings(bootstrap), "127.0.0.1", port, stateDir, 1, applicationId);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotifierService service = new NotifierService(vertx, settings, config, registry, access);
        return started(service, registry);
    }

    /** A notifier whose POST /api/v2/alerts refuses batches past {@code maxBacklog} alerts waiting for their groups. */
    static NotifierOnBroker startBounded(
            Vertx vertx, String bootstrap, String yaml, Path stateDir, String applicationId, long maxBacklog)
            throws Exception {
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        NotifierSettings settings = new NotifierSettings(
                        new KafkaSettings(bootstrap), "127.0.0.1", 0, stateDir, 1, applicationId)
                .withMaxBacklog(maxBacklog);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotifierService service = new NotifierService(
                vertx,
                settings,
                NotifierConfig.parse(yaml, "notifier.yml", Map.of()),
                registry,
                ControlAccess.LOOPBACK_ONLY);
        return started(service, registry);
    }

    /** A notifier that reads its config from {@code source} at start and on {@code POST /-/reload}. */
    public static NotifierOnBroker startFrom(
            Vertx vertx, String bootstrap, ConfigSource source, Path stateDir, String applicationId) throws Exception {
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        NotifierSettings settings =
                new NotifierSettings(new KafkaSettings(bootstrap), "127.0.0.1", 0, stateDir, 1, applicationId);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NotifierService service = new NotifierService(vertx, settings, source, registry, ControlAccess.LOOPBACK_ONLY);
        return started(service, registry);
    }

    private static NotifierOnBroker started(NotifierService service, PrometheusMeterRegistry registry)
            throws Exception {
        int bound = service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        NotifierOnBroker n = new NotifierOnBroker(service, bound, registry);
        Eventually.await(
                Duration.ofSeconds(60),
                "notifier ready",
                () -> get(n.url + "/health").statusCode() == 200 ? true : null);
        return n;
    }

    @Override
    public void close() throws Exception {
        service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    public static HttpResponse<String> delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .DELETE()
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
