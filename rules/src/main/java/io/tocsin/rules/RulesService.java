package io.tocsin.rules;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.config.Problem;
import io.tocsin.ops.Health;
import io.tocsin.ops.HttpErrors;
import io.tocsin.ops.KafkaProbe;
import io.tocsin.ops.OpsRoutes;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.rules.api.GroupStates;
import io.tocsin.rules.api.RulesApi;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.reload.RuleReloader;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.rules.topology.WaitingBoard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rules, runs the evaluator topology, and serves /health, /metrics and the
 * Prometheus-compatible /api/v1/rules and /api/v1/alerts.
 */
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
    private final ControlAccess access;
    /** How often the rule directory is checked for changes; POST /-/reload checks at once. */
    private static final long RELOAD_CHECK_MS = 2000;

    /** Where each rule waits for its input: tocsin_rules_input_lag_seconds, tocsin_rules_waiting_windows. */
    private final WaitingBoard waiting = new WaitingBoard();

    private final java.util.Set<String> gauged = new java.util.HashSet<>();
    private long waitingGaugeTimer = -1;
    private RuleReloader reloader;
    private long reloadTimer = -1;
    private KafkaStreams streams;
    private KafkaProbe probe;
    private KafkaStreamsMetrics streamsMetrics;
    private HttpServer server;
    private RulesApi api;

    public RulesService(Vertx vertx, RulesSettings settings, PrometheusMeterRegistry registry) {
        this(vertx, settings, registry, ControlAccess.LOOPBACK_ONLY);
    }

    /** @param access who may call /-/reload (a write token), and where the service may listen */
    public RulesService(Vertx vertx, RulesSettings settings, PrometheusMeterRegistry registry, ControlAccess access) {
        this.vertx = vertx;
        this.settings = settings;
        this.registry = registry;
        this.access = access;
    }

    /**
     * Fails, without starting anything, when the rule directory does not validate or the service
     * would listen beyond loopback without tokens.
     */
    public Future<Integer> start() {
        try {
            access.admit("the rules API", settings.host(), log);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        RuleLoader.Loaded loaded = RuleLoader.load(settings.rulesDir());
        if (!loaded.ok()) {
            String errors = loaded.errors().stream().map(Problem::toString).collect(Collectors.joining("\n  "));
            return Future.failedFuture(
                    new IllegalArgumentException("invalid rules in " + settings.rulesDir() + ":\n  " + errors));
        }
        rules.set(loaded.rules());
        log.info("loaded {} rules from {} files in {}", loaded.rules().size(), loaded.files(), settings.rulesDir());
        Gauge.builder("tocsin_rules_loaded", rules, r -> r.get().size()).register(registry);
        reloader = new RuleReloader(settings.rulesDir(), rules);
        Gauge.builder(
                        "tocsin_rules_last_reload_ok",
                        reloader,
                        r -> r.last().errors().isEmpty() ? 1 : 0)
                .description("0 while the last changed rule directory was rejected (the previous rules keep running)")
                .register(registry);

        TopologySettings topology = settings.topology();
        if (topology.inputPartitions().isEmpty()) {
            topology = topology.withInputPartitions(
                    InputTopics.partitions(settings.kafka().bootstrap()));
        }
        StreamsInputLag lag = new StreamsInputLag();
        streams = new KafkaStreams(
                RulesTopology.build(rules::get, topology, null, waiting, lag), streamsProperties(settings));
        lag.watch(streams);
        registerWaitingGauges();
        waitingGaugeTimer = vertx.setPeriodic(RELOAD_CHECK_MS, id -> registerWaitingGauges());
        streams.setUncaughtExceptionHandler(e -> {
            log.error("rules evaluation failed; replacing the stream thread", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        health.register("streams", () -> {
            KafkaStreams.State s = streams.state();
            return s == KafkaStreams.State.RUNNING ? Health.Check.up(s.name()) : Health.Check.down(s.name());
        });
        // Streams stays RUNNING while the broker is gone; only an answer from Kafka proves it is there.
        probe = KafkaProbe.start(vertx, settings.kafka().bootstrap(), settings.applicationId() + "-probe");
        health.register("kafka-reachable", probe::check);
        streams.start();
        GroupStates states = new GroupStates(streams);
        api = new RulesApi(vertx, rules::get, states::active, settings.rulesDir(), java.time.Clock.systemUTC());
        // after the API exists: a change found by the first check is reported through it
        reloadTimer = vertx.setPeriodic(
                RELOAD_CHECK_MS,
                id -> vertx.executeBlocking(reloader::reloadIfChanged)
                        .onSuccess(o -> api.reloaded(o))
                        .onFailure(e -> log.warn(
                                "could not check {} for rule changes: {}", settings.rulesDir(), e.toString())));

        Router router = Router.router(vertx);
        router.route().failureHandler(HttpErrors::handle);
        OpsRoutes.mount(router, health, registry);
        router.post("/-/reload").handler(access.auth()).handler(this::reload);
        router.route("/api/*").handler(access.auth());
        api.mount(router);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(settings.port(), settings.host())
                .map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    /** Reloads now; 200 with what changed, or 400 with every file:line:col reason the change was rejected. */
    private void reload(io.vertx.ext.web.RoutingContext ctx) {
        vertx.executeBlocking(reloader::reload).onComplete(r -> {
            if (r.failed()) {
                ctx.fail(r.cause());
                return;
            }
            RuleReloader.Outcome o = r.result();
            api.reloaded(o);
            io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject().put("applied", o.applied());
            if (o.changes() != null) {
                body.put("added", o.changes().added())
                        .put("changed", o.changes().changed())
                        .put("removed", o.changes().removed())
                        .put("unchanged", o.changes().unchanged());
            }
            body.put("errors", o.errors().stream().map(Problem::toString).toList());
            ctx.response()
                    .setStatusCode(o.applied() ? 200 : 400)
                    .putHeader("content-type", "application/json")
                    .end(body.encode());
        });
    }

    /** A gauge pair per rule, added as rules appear; a removed rule's gauges read NaN and 0. */
    private void registerWaitingGauges() {
        for (var rule : rules.get().all()) {
            String id = rule.id();
            if (gauged.add(id)) {
                Gauge.builder("tocsin_rules_input_lag_seconds", waiting, w -> w.lagSeconds(id))
                        .tag("rule", id)
                        .description(
                                "how far behind the wall clock the rule's windows are judged: its input's low watermark")
                        .register(registry);
                Gauge.builder("tocsin_rules_waiting_windows", waiting, w -> w.waitingWindows(id))
                        .tag("rule", id)
                        .description("groups of the rule due by the clock that wait for data that can still arrive")
                        .register(registry);
                FunctionCounter.builder("tocsin_rules_passed_edges_judged", waiting, w -> w.passedEdgesJudged(id))
                        .tag("rule", id)
                        .description("evaluations of the rule's groups at window edges that its judgement time"
                                + " jumped past (a stalled partition or a backlog caught up)")
                        .register(registry);
            }
        }
    }

    public RuleSet rules() {
        return rules.get();
    }

    public Future<Void> stop() {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        if (waitingGaugeTimer >= 0) {
            vertx.cancelTimer(waitingGaugeTimer);
        }
        Future<Void> http = server == null ? Future.succeededFuture() : server.close();
        return http.compose(v -> vertx.executeBlocking(() -> {
            if (probe != null) {
                probe.close();
            }
            if (streams != null) {
                streams.close(LEAVE_GROUP.withTimeout(Duration.ofSeconds(15)));
            }
            if (streamsMetrics != null) {
                streamsMetrics.close();
            }
            return null;
        }));
    }

    /** Public for the bench drivers, which measure other topologies under the same settings. */
    public static Properties streamsProperties(RulesSettings settings) {
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
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                settings.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // No store is cached (the processors write their state once a commit, see CommitHook), so
        // the record cache would only take memory. Polls and producer batches are large enough
        // that a backlog is drained in big steps; linger stays a few ms, well inside one commit.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5000);
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 5000);
        p.put(StreamsConfig.producerPrefix("linger.ms"), 5);
        // Samples and logs feed disjoint rules, so their relative order does not matter: a task
        // never waits for the other input to catch up before processing what it has.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.put(StreamsConfig.producerPrefix("batch.size"), 256 * 1024);
        // Stage 2 asks for its commit just after the one that brought it stage 1's partials (and
        // stage 1 asks as soon as a push is read, see PushEnds): a transaction that starts while
        // the broker still writes the previous one's markers has its first sends refused
        // (CONCURRENT_TRANSACTIONS) and retried after this backoff, 100 ms by default. The
        // notifier found the same (NotifyTopology.streamsConfig).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100L);
        return p;
    }
}
