package io.tocsin.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.TopicSizing;
import io.tocsin.core.settings.Env;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.config.ConfigSource;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ingest, rules and notifier in one process on one Kafka cluster: what {@code ./tocsin up}
 * runs and what the end-to-end tests start. The services share only the topics.
 */
public final class Tocsin implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Vertx vertx;
    private final IngestService ingest;
    private final RulesService rules;
    private final NotifierService notifier;
    private final int ingestPort;
    private final int rulesPort;
    private final int notifierPort;

    private Tocsin(
            Vertx vertx,
            IngestService ingest,
            RulesService rules,
            NotifierService notifier,
            int ingestPort,
            int rulesPort,
            int notifierPort) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.rules = rules;
        this.notifier = notifier;
        this.ingestPort = ingestPort;
        this.rulesPort = rulesPort;
        this.notifierPort = notifierPort;
    }

    /** Creates missing topics, then starts the three services; blocks until all listen. */
    public static Tocsin start(TocsinOptions o) throws Exception {
        TopicSizing sizing = TopicSizing.fromEnv(new Env(o.env()));
        TopicAdmin.ensureTopics(
                o.bootstrap(), sizing.withReplication(o.replicationFactor(), sizing.minInsyncReplicas()));
        // Read by the notifier at start and on POST /-/reload, with its own URL as the default externalURL.
        ConfigSource notifierConfig = o.notifierConfig() == null
                ? ConfigSource.defaults(o.env())
                : ConfigSource.file(o.notifierConfig(), o.env());

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions()
                        .setMetricsOptions(new MicrometerMetricsOptions()
                                .setEnabled(true)
                                // Three HTTP servers share this registry: the local address tells them apart.
                                .addLabels(Label.LOCAL)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        KafkaSettings kafka = new KafkaSettings(o.bootstrap());
        ControlAccess access = ControlSettings.fromEnv(o.env());
        // Streams takes -1 as "the cluster's default" for its internal topics.
        int rf = o.replicationFactor() >= 1 ? o.replicationFactor() : -1;

        IngestService ingest = new IngestService(
                vertx,
                IngestConfig.fromEnv(o.env(), kafka).withPort(o.ingestPort()),
                registry,
                access.allowUnauthenticated());
        RulesService rules = new RulesService(
                vertx,
                RulesSettings.fromEnv(o.env(), kafka, o.rulesDir(), o.stateDir().resolve("rules"), rf)
                        .withPort(o.rulesPort())
                        .withApplicationId(o.idPrefix() + RulesSettings.APPLICATION_ID)
                        .withTopology(o.topology()),
                registry,
                access);
        NotifierService notifier = new NotifierService(
                vertx,
                NotifierSettings.fromEnv(o.env(), kafka, o.stateDir().resolve("notifier"), rf)
                        .withPort(o.notifierPort())
                        .withApplicationId(o.idPrefix() + "tocsin-notifier"),
                notifierConfig,
                registry,
                access);
        try {
            int rulesPort = await(rules.start());
            int notifierPort = await(notifier.start());
            int ingestPort = await(ingest.start());
            return new Tocsin(vertx, ingest, rules, notifier, ingestPort, rulesPort, notifierPort);
        } catch (Exception e) {
            Future.join(ingest.stop(), rules.stop(), notifier.stop())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    public String ingestUrl() {
        return "http://127.0.0.1:" + ingestPort;
    }

    public String rulesUrl() {
        return "http://127.0.0.1:" + rulesPort;
    }

    public String notifierUrl() {
        return "http://127.0.0.1:" + notifierPort;
    }

    public int ruleCount() {
        return rules.rules().size();
    }

    /** Stops taking data first, then evaluation, then delivery, so nothing in flight is cut off. */
    @Override
    public void close() throws Exception {
        try {
            await(ingest.stop());
            await(rules.stop());
            await(notifier.stop());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
