package io.tocsin.notifier;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.ack.AckLinks;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.api.AckApi;
import io.tocsin.notifier.api.AlertApi;
import io.tocsin.notifier.api.Peers;
import io.tocsin.notifier.api.SilenceApi;
import io.tocsin.notifier.config.ConfigReload;
import io.tocsin.notifier.config.ConfigSource;
import io.tocsin.notifier.config.LinksConfig;
import io.tocsin.notifier.config.LiveConfig;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.config.OwnUrl;
import io.tocsin.notifier.delivery.BackoffPolicy;
import io.tocsin.notifier.delivery.DeliveryHttp;
import io.tocsin.notifier.delivery.DeliveryWorker;
import io.tocsin.notifier.delivery.Handoff;
import io.tocsin.notifier.delivery.Integration;
import io.tocsin.notifier.delivery.Integrations;
import io.tocsin.notifier.dispatch.AlertBacklog;
import io.tocsin.notifier.dispatch.CommitTimedClients;
import io.tocsin.notifier.dispatch.GroupView;
import io.tocsin.notifier.dispatch.NotifyTopology;
import io.tocsin.notifier.dispatch.StreamFailures;
import io.tocsin.notifier.ledger.KafkaMessageRefs;
import io.tocsin.notifier.provenance.HistoryOwners;
import io.tocsin.notifier.provenance.ProvenanceApi;
import io.tocsin.notifier.provenance.ProvenanceTopology;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceBook;
import io.tocsin.ops.Health;
import io.tocsin.ops.HttpErrors;
import io.tocsin.ops.KafkaProbe;
import io.tocsin.ops.OpsRoutes;
import io.tocsin.ops.auth.ControlAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: Kafka Streams dispatch (alerts → decisions), the delivery worker (decisions →
 * channels) and the ops HTTP endpoints. Start and stop are asynchronous; the blocking parts run
 * on worker threads, never on the event loop.
 */
public final class NotifierService {
    // Streams stays in its group on close by default, so a restart would wait out the old
    // member's session before it gets its partitions back. A clean stop leaves at once.
    private static final CloseOptions LEAVE_GROUP =
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);
    private static final Duration STREAMS_CLOSE = Duration.ofSeconds(10);
    private static final Duration WORKER_STOP = Duration.ofSeconds(10);
    private static final Duration MESSAGE_REFS_LOAD = Duration.ofSeconds(30);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    /** Prometheus sends at most a few hundred alerts per request; a few MB is plenty. */
    private static final long API_BODY_LIMIT = 5L * 1024 * 1024;

    private final Vertx vertx;
    private final NotifierSettings settings;
    private final ConfigSource source;
    private final PrometheusMeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Health health = new Health();
    private final ControlAccess access;
    private final GroupView groupView = new GroupView();
    private final RunningDispatch dispatch;

    /** The config in force; every stage and endpoint reads it through this, so a reload swaps it whole. */
    private LiveConfig config;

    private ConfigReload reload;
    private volatile AckLinks links = AckLinks.NONE;
    /** Answers requests once everything is started; until then the port is bound and answers 503. */
    private volatile Router router;

    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private KafkaProbe probe;
    private WebClient http;
    private DeliveryWorker worker;
    /** What the dispatch commits to the ledger, handed to this process's delivery directly. */
    private final Handoff handoff = new Handoff();

    private KafkaMessageRefs messageRefs;
    private HttpServer server;
    private KafkaProducer<String, Silence> silenceProducer;
    private KafkaProducer<String, Alert> alertProducer;
    private KafkaProducer<String, Acknowledgement> ackProducer;
    private SilenceBook silences;

    public NotifierService(
            Vertx vertx, NotifierSettings settings, NotifierConfig config, PrometheusMeterRegistry registry) {
        this(vertx, settings, config, registry, ControlAccess.LOOPBACK_ONLY);
    }

    /**
     * A notifier on a config built elsewhere: {@code POST /-/reload} finds it unchanged.
     *
     * @param access who may read and change alerts, silences and acknowledgements, and where the API may listen
     */
    public NotifierService(
            Vertx vertx,
            NotifierSettings settings,
            NotifierConfig config,
            PrometheusMeterRegistry registry,
            ControlAccess access) {
        this(vertx, settings, ConfigSource.fixed(config), registry, access);
    }

    /**
     * A notifier that loads its config from {@code source} at start, with its own URL as the
     * default externalURL, and again on {@code POST /-/reload} (or SIGHUP, where the launcher wires it).
     */
    public NotifierService(
            Vertx vertx,
            NotifierSettings settings,
            ConfigSource source,
            PrometheusMeterRegistry registry,
            ControlAccess access) {
        this.access = access;
        this.vertx = vertx;
        this.settings = settings;
        this.source = source;
        this.registry = registry;
        this.dispatch = new RunningDispatch(
                groupView, settings.port() == 0 ? null : new HostInfo(settings.host(), settings.port()));
    }

    /**
     * Starts everything; completes with the bound HTTP port. The port is bound first, so the
     * config's default externalURL is the notifier's real address. On failure, whatever started is stopped.
     */
    public Future<Integer> start() {
        try {
            access.admit("the notifier API", settings.host(), log);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return listen().compose(port -> vertx.executeBlocking(() -> {
                            loadConfig(OwnUrl.of(settings.host(), port));
                            startStreams();
                            startDelivery();
                            // Before start completes, so that the first page does not pay for it.
                            worker.warmUp(http, settings.host(), port);
                            return null;
                        })
                        .map(v -> {
                            router = routes();
                            log.info("notifier listening on http://{}:{}", settings.host(), port);
                            return port;
                        }))
                .recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
    }

    /** Reads the config in force and what reloads it; its notices are logged at start as on every reload. */
    private void loadConfig(String ownUrl) {
        NotifierConfig initial = source.load(ownUrl);
        // Whoever starts the notifier (one process or ServiceMain) hears which channels it left out.
        initial.notices().forEach(n -> log.warn("notifier config: {}", n));
        config = new LiveConfig(initial, clock.instant());
        links = ackLinks(initial.links());
        reload = new ConfigReload(source, ownUrl, config, this::prepare, clock, registry);
    }

    /**
     * Reads the config again and puts it in force if all of it is valid (as {@code POST /-/reload}
     * does); the groups, silences, acknowledgements and escalations carry over. Blocking.
     */
    public ConfigReload.Outcome reload() {
        ConfigReload r = reload;
        if (r == null) {
            throw new IllegalStateException("the notifier is not started");
        }
        return r.reload();
    }

    /** A valid config about to be put in force: its channels replace delivery's before routing reaches them. */
    private void prepare(NotifierConfig next) {
        if (messageRefs == null && Integrations.editsMessages(next)) {
            messageRefs = KafkaMessageRefs.start(
                    settings.kafka(), settings.applicationId() + "-message-refs", MESSAGE_REFS_LOAD);
        }
        AckLinks nextLinks = ackLinks(next.links());
        DeliveryWorker w = worker;
        if (w != null) {
            w.replace(integrations(next, nextLinks));
        }
        links = nextLinks;
    }

    private Map<String, List<Integration>> integrations(NotifierConfig c, AckLinks l) {
        return Integrations.build(
                c,
                new Integrations.Context(
                        http, config.get().delivery().requestTimeout(), clock, System.out, vertx, l, messageRefs));
    }

    private AckLinks ackLinks(LinksConfig l) {
        return new AckLinks(l.externalUrl(), l.ackSecret(), l.ackExpiry(), clock);
    }

    /** Binds the port with a handler that waits for the routes: 503 until everything has started. */
    private Future<Integer> listen() {
        return vertx.createHttpServer()
                .requestHandler(req -> {
                    Router r = router;
                    if (r != null) {
                        r.handle(req);
                    } else {
                        req.response()
                                .setStatusCode(503)
                                .putHeader("content-type", "text/plain")
                                .end("starting");
                    }
                })
                .listen(settings.port(), settings.host())
                .map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    private void startStreams() {
        Properties streamsConfig = NotifyTopology.streamsConfig(
                settings.applicationId(),
                settings.kafka().bootstrap(),
                settings.stateDir(),
                settings.replicationFactor());
        if (settings.port() != 0) {
            // Where the other instances reach this one's API, to gather every group into one answer.
            streamsConfig.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.host() + ":" + settings.port());
        }
        streams = new KafkaStreams(
                NotifyTopology.build(config, clock, registry, groupView),
                streamsConfig,
                new CommitTimedClients(handoff));
        streams.setStateListener((now, before) -> log.info("dispatch streams {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            StreamThreadExceptionResponse response = StreamFailures.response(e);
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
                log.warn("dispatch stream thread failed while Kafka was unsettled; replacing it: {}", e.toString());
            } else {
                log.error("dispatch streams failed; shutting the client down", e);
            }
            return response;
        });
        silenceProducer = new KafkaProducer<>(
                settings.kafka().durableProducer(settings.applicationId() + "-silences"),
                new StringSerializer(),
                JsonSerde.of(Silence.class).serializer());
        // Fetch metadata now so that a send from the event loop never blocks on it.
        silenceProducer.partitionsFor(Topics.SILENCES);
        silences = new SilenceBook(silenceProducer, () -> dispatch.store(NotifyTopology.SILENCES));
        alertProducer = new KafkaProducer<>(
                AlertApi.producerSettings(settings.kafka().durableProducer(settings.applicationId() + "-api-alerts")),
                new StringSerializer(),
                JsonSerde.of(Alert.class).serializer());
        alertProducer.partitionsFor(Topics.ALERTS);
        ackProducer = new KafkaProducer<>(
                settings.kafka().durableProducer(settings.applicationId() + "-api-acks"),
                new StringSerializer(),
                JsonSerde.of(Acknowledgement.class).serializer());
        ackProducer.partitionsFor(Topics.ACKS);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        AlertBacklog.bindTo(registry, dispatch::metrics);
        health.register("streams", dispatch::health);
        // Streams stays RUNNING while the broker is gone; only an answer from Kafka proves it is there.
        probe = KafkaProbe.start(vertx, settings.kafka().bootstrap(), settings.applicationId() + "-probe");
        health.register("kafka-reachable", probe::check);
        dispatch.set(streams);
        streams.start();
    }

    private void startDelivery() {
        http = DeliveryHttp.client(vertx);
        NotifierConfig c = config.get();
        if (Integrations.editsMessages(c)) {
            messageRefs = KafkaMessageRefs.start(
                    settings.kafka(), settings.applicationId() + "-message-refs", MESSAGE_REFS_LOAD);
        }
        // Retries and timeouts (the config's delivery options) are those of the start.
        worker = new DeliveryWorker(
                vertx,
                settings.kafka(),
                settings.applicationId(),
                integrations(c, links),
                BackoffPolicy.of(c.delivery()),
                c.delivery().requestTimeout(),
                registry,
                clock,
                handoff);
        health.register("delivery", worker::health);
        worker.start();
    }

    private Router routes() {
        Router router = Router.router(vertx);
        router.route().failureHandler(HttpErrors::handle);
        OpsRoutes.mount(router, health, registry);
        // Alertmanager's probes: alive while the process answers; ready when Kafka and the state are.
        router.route("/-/healthy")
                .handler(ctx ->
                        ctx.response().putHeader("content-type", "text/plain").end("OK"));
        router.route("/-/ready").handler(ctx -> {
            boolean ready = health.ready();
            ctx.response()
                    .setStatusCode(ready ? 200 : 503)
                    .putHeader("content-type", "text/plain")
                    .end(ready ? "OK" : "Service Unavailable");
        });
        // Alertmanager's reload, where its clients (and config reloaders) call it; a write scope.
        router.post("/-/reload").handler(access.auth()).handler(this::reloadRequest);
        // Before the body is read: an unauthenticated caller costs no buffering. An acknowledge
        // link carries its own signed token (the e-mail's recipient has no bearer token).
        router.route("/api/*").handler(access.auth().except(path -> path.startsWith(AckLinks.PATH)));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        new SilenceApi(silences, clock).mount(router);
        new AlertApi(alertProducer, dispatch::groups, dispatch::inhibitingAlerts, silences, config, clock)
                .viewing(dispatch::view)
                .withPeers(new Peers(http, dispatch::peerUrls, PEER_TIMEOUT))
                .admitting(settings.maxBacklog(), AlertBacklog.reader(dispatch::metrics), registry)
                .mount(router);
        new AckApi(ackProducer, dispatch::groups, clock, () -> links).mount(router);
        new ProvenanceApi(
                        () -> dispatch.store(ProvenanceTopology.HISTORY),
                        new HistoryOwners(() -> streams, settings.host(), settings.port()),
                        silences,
                        dispatch::inhibitingAlerts,
                        dispatch::groups,
                        config,
                        clock,
                        http)
                .mount(router);
        return router;
    }

    /**
     * 200 {@code {"hash": ...}} once the new config is in force; 400 with every file:line:col
     * reason when it is refused, and the running config stays.
     */
    private void reloadRequest(RoutingContext ctx) {
        vertx.executeBlocking(this::reload).onComplete(r -> {
            if (r.failed()) {
                ctx.fail(r.cause());
                return;
            }
            ConfigReload.Outcome o = r.result();
            JsonObject body = new JsonObject()
                    .put("applied", o.ok())
                    .put("errors", o.errors())
                    .put("hash", (long) o.hash()); // 48 bits, exact: printed as an integer
            ctx.response()
                    .setStatusCode(o.ok() ? 200 : 400)
                    .putHeader("content-type", "application/json")
                    .end(body.encode());
        });
    }

    /** Stops HTTP, then delivery, then Streams (with a timeout); safe to call more than once. */
    public Future<Void> stop() {
        Future<Void> httpClosed = server == null ? Future.succeededFuture() : server.close();
        return httpClosed
                .recover(e -> Future.succeededFuture())
                .compose(v -> vertx.executeBlocking(() -> {
                    stopBlocking();
                    return null;
                }));
    }

    private synchronized void stopBlocking() {
        if (probe != null) {
            probe.close();
            probe = null;
        }
        if (worker != null) {
            if (!worker.stop(WORKER_STOP)) {
                log.warn("delivery worker did not stop within {}", WORKER_STOP);
            }
            worker = null;
        }
        if (messageRefs != null) {
            messageRefs.close();
            messageRefs = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        if (streams != null) {
            if (!streams.close(LEAVE_GROUP.withTimeout(STREAMS_CLOSE))) {
                log.warn("dispatch streams did not close within {}", STREAMS_CLOSE);
            }
            streamsMetrics.close();
            dispatch.set(null);
            streams = null;
        }
        if (ackProducer != null) {
            ackProducer.close(Duration.ofSeconds(5));
            ackProducer = null;
        }
        if (alertProducer != null) {
            alertProducer.close(Duration.ofSeconds(5));
            alertProducer = null;
        }
        if (silenceProducer != null) {
            silenceProducer.close(Duration.ofSeconds(5));
            silenceProducer = null;
        }
        server = null;
    }
}
