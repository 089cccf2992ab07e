package io.tocsin.rules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.ops.Health;
import io.tocsin.core.ops.HttpErrors;
import io.tocsin.core.ops.OpsRoutes;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleError;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.topology.RulesTopology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the rules, runs the evaluator topology, and serves /health and /metrics. */
public final class RulesService {
    // Streams stays in its group on close by default, so a restart would wait out the old
    // member's session before it gets its partitions back. A clean stop leaves at once.
    private static final CloseOptions LEAVE_GROUP =
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    private static final Logger log = LoggerFactory.getLogger(RulesService.class);

    private final Vertx vertx;
    private final RulesSettings settings;
    private final PrometheusMeterRegistry registry;
    private final AtomicReference<RuleSet> rules = new AtomicReference<>(RuleSet.EMPTY);
    private final Health health = new Health();
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private HttpServer server;

    public RulesService(Vertx vertx, RulesSettings settings, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.registry = registry;
    }

    /** Fails, without starting anything, when the rule directory does not validate. */
    public Future<Integer> start() {
        RuleLoader.Loaded loaded = RuleLoader.load(settings.rulesDir());
        if (!loaded.ok()) {
            String errors = loaded.errors().stream().map(RuleError::toString).collect(Collectors.joining("\n  "));
            return Future.failedFuture(new IllegalArgumentException("invalid rules in " + settings.rulesDir() + ":\n  " + errors));
        }
        rules.set(loaded.rules());
        log.info("loaded {} rules from {} files in {}", loaded.rules().size(), loaded.files(), settings.rulesDir());
        Gauge.builder("tocsin_rules_loaded", rules, r -> r.get().size()).register(registry);

        streams = new KafkaStreams(RulesTopology.build(rules::get, settings.topology()), streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("rules evaluation failed; replacing the stream thread", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        health.register("streams", () -> {
            KafkaStreams.State s = streams.state();
            return s == KafkaStreams.State.RUNNING ? Health.Check.up(s.name()) : Health.Check.down(s.name());
        });
        streams.start();

        Router router = Router.router(vertx);
        router.route().failureHandler(HttpErrors::handle);
        OpsRoutes.mount(router, health, registry);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(settings.port(), settings.host())
                .map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    public RuleSet rules() {
        return rules.get();
    }

    public Future<Void> stop() {
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> vertx.executeBlocking(() -> {
            if (streams != null) {
                streams.close(LEAVE_GROUP.withTimeout(Duration.ofSeconds(15)));
            }
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            return null;
        }));
    }

    private Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // After a crash the group waits this long for the dead member before handing its
        // partitions over: 10 s instead of 45 s keeps a restart within the alerting budget.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // Under exactly-once, output is visible only after a commit: this is a latency setting.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.producerPrefix("linger.ms"), 1);
        return p;
    }
}
