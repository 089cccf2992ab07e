package io.tocsin.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.TopicSizing;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.config.ConfigSource;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One service (ingest, rules or notifier) alone in its JVM on an existing cluster: what a crash test
 * kills with SIGKILL and starts again, and what a deployment runs per container.
 *
 * <pre>
 * ServiceMain ingest   --bootstrap H:P --port N
 * ServiceMain rules    --bootstrap H:P --port N --state-dir D --app-id ID --rules-dir R
 *                      [--eval-interval-ms 1000] [--resend-interval-ms 60000]
 * ServiceMain notifier --bootstrap H:P --port N --state-dir D --app-id ID --config FILE
 * common:              [--replication-factor -1] [--exit-with-stdin 0|1]
 * </pre>
 *
 * The notifier config's secrets, ingest's TOCSIN_INGEST_* settings, TOCSIN_RULES_HOST /
 * TOCSIN_NOTIFIER_HOST (127.0.0.1 by default), TOCSIN_CONTROL_TOKENS_FILE,
 * TOCSIN_ALLOW_UNAUTHENTICATED and the topic sizing (TOCSIN_*_PARTITIONS,
 * TOCSIN_MIN_INSYNC_REPLICAS; TOCSIN_REPLICATION_FACTOR unless --replication-factor is given) come
 * from this process's environment. Prints
 * {@code SERVICE READY <port>} once listening; SIGTERM stops it cleanly. With
 * {@code --exit-with-stdin 1} it also exits, like the child broker, when its stdin reaches
 * end-of-file, so that a parent that dies (even by kill -9) takes it along; not in a container,
 * whose stdin is usually /dev/null.
 */
public final class ServiceMain {
    private ServiceMain() {}

    /** A started service, stopped cleanly by the shutdown hook (SIGTERM, or the parent gone). */
    private record Running(int port, Supplier<Future<Void>> stop) {}

    public static void main(String[] args) throws Exception {
        ServiceArgs a = ServiceArgs.parse(args);
        String bootstrap = a.required("--bootstrap");
        Env env = Env.system();
        TopicSizing sizing = TopicSizing.fromEnv(env);
        int replication = a.integer("--replication-factor", sizing.replicationFactor());
        TopicAdmin.ensureTopics(bootstrap, sizing.withReplication(replication, sizing.minInsyncReplicas()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Vert.x HTTP metrics (vertx_http_server_*) as in the one-process mode: the dashboard reads them.
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        Running running = switch (a.command()) {
            case "ingest" -> ingest(vertx, registry, a, new KafkaSettings(bootstrap));
            case "rules" -> rules(vertx, registry, a, new KafkaSettings(bootstrap), replication);
            case "notifier" -> notifier(vertx, registry, a, new KafkaSettings(bootstrap), replication);
            default ->
                throw new IllegalArgumentException("unknown service '" + a.command() + "': ingest, rules or notifier");
        };
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.stop()
                                        .get()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(30, TimeUnit.SECONDS);
                                vertx.close()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                System.err.println("did not stop cleanly: " + e);
                            }
                        },
                        "service-shutdown"));
        System.out.println("SERVICE READY " + running.port());
        System.out.flush();
        if (a.integer("--exit-with-stdin", 0) == 1) {
            waitForEof(System.in);
            System.exit(0);
        }
        // Otherwise the HTTP server and stream threads keep the JVM up until SIGTERM.
    }

    /** Ingest keeps no state: any number of them behind a load balancer, each with its own producer. */
    private static Running ingest(Vertx vertx, PrometheusMeterRegistry registry, ServiceArgs a, KafkaSettings kafka)
            throws Exception {
        IngestConfig config = IngestConfig.fromEnv(System.getenv(), kafka).withPort(a.integer("--port", 0));
        IngestService service = new IngestService(
                vertx,
                config,
                registry,
                ControlSettings.fromEnv(System.getenv()).allowUnauthenticated());
        return new Running(await(service.start()), service::stop);
    }

    private static Running rules(
            Vertx vertx, PrometheusMeterRegistry registry, ServiceArgs a, KafkaSettings kafka, int replication)
            throws Exception {
        TopologySettings topology = new TopologySettings(
                TopologySettings.DEFAULTS.flushInterval(),
                Duration.ofMillis(a.integer("--eval-interval-ms", 1000)),
                Duration.ofMillis(a.integer("--resend-interval-ms", 60_000)));
        RulesSettings settings = new RulesSettings(
                kafka,
                // A container listens beyond loopback: TOCSIN_RULES_HOST, under the bind rule.
                Env.system().string(Setting.TOCSIN_RULES_HOST),
                a.integer("--port", 0),
                Path.of(a.required("--rules-dir")),
                Path.of(a.required("--state-dir")),
                replication,
                a.required("--app-id"),
                topology);
        RulesService service = new RulesService(vertx, settings, registry, ControlSettings.fromEnv(System.getenv()));
        return new Running(await(service.start()), service::stop);
    }

    private static Running notifier(
            Vertx vertx, PrometheusMeterRegistry registry, ServiceArgs a, KafkaSettings kafka, int replication)
            throws Exception {
        ConfigSource config = ConfigSource.file(Path.of(a.required("--config")), System.getenv());
        NotifierSettings settings = new NotifierSettings(
                kafka,
                Env.system().string(Setting.TOCSIN_NOTIFIER_HOST),
                a.integer("--port", 0),
                Path.of(a.required("--state-dir")),
                replication,
                a.required("--app-id"));
        NotifierService service =
                new NotifierService(vertx, settings, config, registry, ControlSettings.fromEnv(System.getenv()));
        Running running = new Running(await(service.start()), service::stop);
        ReloadSignal.onHangup(service::reload);
        return running;
    }

    private static int await(Future<Integer> started) throws Exception {
        return started.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    private static void waitForEof(InputStream in) {
        byte[] buf = new byte[64];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as EOF: the parent is gone
        }
    }
}
