package io.tocsin.tests.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Ingest alone on the test JVM's broker, on a free port, configured as the launcher would from env. */
final class IngestOnBroker implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final IngestService service;
    private final int port;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private IngestOnBroker(Map<String, String> env) throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        IngestConfig config =
                IngestConfig.fromEnv(env, new KafkaSettings(bootstrap)).withPort(0);
        service = new IngestService(vertx, config, registry);
        port = service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static IngestOnBroker start() throws Exception {
        return new IngestOnBroker(Map.of());
    }

    static IngestOnBroker start(Map<String, String> env) throws Exception {
        return new IngestOnBroker(env);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Requests answered 2xx through one receiver (samples, remote_write, logs, loki_json, loki_protobuf...). */
    double acceptedRequests(String receiver) {
        var counter = registry.find("tocsin.ingest.requests.accepted")
                .tag("receiver", receiver)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() throws Exception {
        service.stop()
                .toCompletionStage()
                .toCompletableFuture()
                .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
