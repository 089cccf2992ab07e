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
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.delivery.BackoffPolicy;
import io.tocsin.notifier.delivery.DeliveryWorker;
import io.tocsin.notifier.delivery.Integration;
import io.tocsin.notifier.delivery.Integrations;
import io.tocsin.notifier.dispatch.AlertBacklog;
import io.tocsin.notifier.dispatch.AlertGroup;
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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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
    private final NotifierConfig config;
    private final PrometheusMeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Health health = new Health();
    private final ControlAccess access;
    private final AckLinks links;
    private final GroupView groupView = new GroupView();

    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private KafkaProbe probe;
    private WebClient http;
    private DeliveryWorker worker;
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

    /** @param access who may read and change alerts, silences and acknowledgements, and where the API may listen */
    public NotifierService(
            Vertx vertx,
            NotifierSettings settings,
            NotifierConfig config,
            PrometheusMeterRegistry registry,
            ControlAccess access) {
        this.access = access;
        this.vertx = vertx;
        this.settings = settings;
        this.config = config;
        this.links = new AckLinks(
                config.links().externalUrl(),
                config.links().ackSecret(),
                config.links().ackExpiry(),
                clock);
        this.registry = registry;
    }

    /** Starts everything; completes with the bound HTTP port. On failure, whatever started is stopped. */
    public Future<Integer> start() {
        // Whoever starts the notifier (one process or ServiceMain) hears which channels it left out.
        config.notices().forEach(n -> log.warn("notifier config: {}", n));
        try {
            access.admit("the notifier API", settings.host(), log);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        return vertx.executeBlocking(() -> {
                    startStreams();
                    startDelivery();
                    return null;
                })
                .compose(v -> startHttp())
                .recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
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
        streams = new KafkaStreams(NotifyTopology.build(config, clock, registry, groupView), streamsConfig);
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
        silences = new SilenceBook(silenceProducer, () -> store(NotifyTopology.SILENCES));
        alertProducer = new KafkaProducer<>(
                settings.kafka().durableProducer(settings.applicationId() + "-api-alerts"),
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
        AlertBacklog.bindTo(registry, () -> {
            KafkaStreams s = streams;
            return s == null ? null : s.metrics();
        });
        health.register("streams", this::streamsHealth);
        // Streams stays RUNNING while the broker is gone; only an answer from Kafka proves it is there.
        probe = KafkaProbe.start(vertx, settings.kafka().bootstrap(), settings.applicationId() + "-probe");
        health.register("kafka-reachable", probe::check);
        streams.start();
    }

    private void startDelivery() {
        http = WebClient.create(vertx, new WebClientOptions().setUserAgent("tocsin-notifier"));
        if (Integrations.editsMessages(config)) {
            messageRefs = KafkaMessageRefs.start(
                    settings.kafka(), settings.applicationId() + "-message-refs", MESSAGE_REFS_LOAD);
        }
        Map<String, List<Integration>> integrations = Integrations.build(
                config,
                new Integrations.Context(
                        http, config.delivery().requestTimeout(), clock, System.out, vertx, links, messageRefs));
        worker = new DeliveryWorker(
                vertx,
                settings.kafka(),
                settings.applicationId(),
                integrations,
                BackoffPolicy.of(config.delivery()),
                config.delivery().requestTimeout(),
                registry,
                clock);
        health.register("delivery", worker::health);
        worker.start();
    }

    private Future<Integer> startHttp() {
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
        // Before the body is read: an unauthenticated caller costs no buffering. An acknowledge
        // link carries its own signed token (the e-mail's recipient has no bearer token).
        router.route("/api/*").handler(access.auth().except(path -> path.startsWith(AckLinks.PATH)));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(API_BODY_LIMIT));
        new SilenceApi(silences, clock).mount(router);
        new AlertApi(alertProducer, this::ownedGroups, this::inhibitingAlerts, silences, config, clock)
                .withPeers(new Peers(http, this::peerUrls, PEER_TIMEOUT))
                .mount(router);
        new AckApi(ackProducer, () -> store(NotifyTopology.GROUPS), clock, links).mount(router);
        new ProvenanceApi(
                        () -> store(ProvenanceTopology.HISTORY),
                        new HistoryOwners(() -> streams, settings.host(), settings.port()),
                        silences,
                        this::inhibitingAlerts,
                        this::ownedGroups,
                        config,
                        clock,
                        http)
                .mount(router);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(settings.port(), settings.host())
                .map(s -> {
                    server = s;
                    log.info("notifier listening on http://{}:{}", settings.host(), s.actualPort());
                    return s.actualPort();
                });
    }

    /** A store of the running Streams, or a 503 while it is not queryable (starting, rebalancing). */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        KafkaStreams s = streams;
        if (s == null) {
            throw new HttpErrors.BadRequest(503, "the notifier is stopped", 1);
        }
        try {
            return s.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new HttpErrors.BadRequest(503, "the notifier's state is not ready yet", 1);
        }
    }

    /** The other running instances of this application that advertise their API (application.server). */
    private List<String> peerUrls() {
        KafkaStreams s = streams;
        if (s == null || settings.port() == 0) {
            return List.of();
        }
        HostInfo self = new HostInfo(settings.host(), settings.port());
        List<String> out = new ArrayList<>();
        for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
            HostInfo h = m.hostInfo();
            if (h != null && h.port() > 0 && !h.equals(self)) {
                out.add("http://" + h.host() + ":" + h.port());
            }
        }
        return out;
    }

    /** The groups of the view, once Streams runs (the store's 503 otherwise: the view may be partial). */
    private List<AlertGroup> ownedGroups() {
        store(NotifyTopology.GROUPS);
        return groupView.all();
    }

    private List<Alert> inhibitingAlerts() {
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it =
                this.<Alert>store(NotifyTopology.INHIBITING).all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    private Health.Check streamsHealth() {
        KafkaStreams s = streams;
        if (s == null) {
            return Health.Check.down("stopped");
        }
        KafkaStreams.State state = s.state();
        return state == KafkaStreams.State.RUNNING ? Health.Check.up(state.name()) : Health.Check.down(state.name());
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
