package io.tocsin.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.ingest.auth.Client;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.collect.KafkaLagCollector;
import io.tocsin.ingest.collect.PostgresCollector;
import io.tocsin.ingest.collect.PullCollector;
import io.tocsin.ingest.http.Decoders;
import io.tocsin.ingest.http.HttpLoad;
import io.tocsin.ingest.http.IngestVerticle;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ops.Health;
import io.tocsin.ops.KafkaProbe;
import io.tocsin.ops.auth.BindRule;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires ingest together: one Kafka producer, one HTTP verticle. Start once, stop once. */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final IngestConfig config;
    private final PrometheusMeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Health health = new Health();
    private final boolean allowUnauthenticated;
    private volatile KafkaSink sink;
    private volatile KafkaProbe probe;
    private final List<String> deploymentIds = new CopyOnWriteArrayList<>();

    public IngestService(Vertx vertx, IngestConfig config, PrometheusMeterRegistry registry) {
        this(vertx, config, registry, false);
    }

    /** @param allowUnauthenticated TOCSIN_ALLOW_UNAUTHENTICATED: listen beyond loopback without client tokens */
    public IngestService(
            Vertx vertx, IngestConfig config, PrometheusMeterRegistry registry, boolean allowUnauthenticated) {
        this.allowUnauthenticated = allowUnauthenticated;
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Creates the producer and fetches the samples topic's metadata on a worker (so that no send
     * on the event loop waits for it), then listens. Completes with the bound port. Kafka being
     * unreachable does not fail the start: the "kafka" check stays down and writes answer 503
     * until metadata arrives.
     */
    public Future<Integer> start() {
        BindRule.Decision bind = BindRule.decide(
                "ingest",
                config.host(),
                BindRule.isLoopback(config.host()),
                !config.clients().isEmpty(),
                allowUnauthenticated,
                "TOCSIN_INGEST_TOKENS_FILE");
        if (bind instanceof BindRule.Refuse refuse) {
            return Future.failedFuture(new IllegalStateException(refuse.reason()));
        }
        if (((BindRule.Listen) bind).warn()) {
            log.warn(((BindRule.Listen) bind).notice() + "; every write is accepted without a token");
        }
        return vertx.executeBlocking(
                        () -> {
                            KafkaSink s = KafkaSink.connect(config.kafka(), config.maxInFlightSamples(), clock);
                            s.fetchMetadata();
                            // Back from an outage: fetch metadata now rather than at the next periodic refresh, and
                            // let sends that failed while Kafka was away no longer hold readiness down.
                            probe = KafkaProbe.start(vertx, config.kafka().bootstrap(), "tocsin-ingest-probe")
                                    .onReachable(() -> {
                                        s.forgetFailures();
                                        s.refreshMetadata(vertx);
                                    });
                            return s;
                        },
                        false)
                .compose(this::deploy);
    }

    private Future<Integer> deploy(KafkaSink connected) {
        sink = connected;
        sink.bindMetrics(registry);
        health.register("kafka", sink::check);
        health.register("kafka-reachable", probe::check);
        sink.refuseWhileUnreachable(probe::reachable);
        Decoders decoders = Decoders.create(config.sampleLimits(), config.maxDecodedBytes(), config.webhooks(), clock);
        Clients clients = new Clients(config.clients(), clock);
        if (!config.clients().isEmpty()) {
            log.info(
                    "Ingest requires a token: {} clients configured ({})",
                    config.clients().size(),
                    config.clients().stream().map(Client::name).collect(Collectors.joining(", ")));
        }
        // One instance per event loop, sharing the port (Vert.x shares a port-0 server within one
        // deployment), so that decoding uses every core. Decoders, clients and the sink are shared.
        List<IngestVerticle> instances = new CopyOnWriteArrayList<>();
        HttpLoad load = new HttpLoad(); // one budget and one connection count for every instance
        return vertx.deployVerticle(
                        () -> {
                            IngestVerticle v = new IngestVerticle(
                                    config.host(),
                                    config.port(),
                                    config.http(),
                                    load,
                                    decoders,
                                    clients,
                                    sink,
                                    health,
                                    registry);
                            instances.add(v);
                            return v;
                        },
                        new DeploymentOptions().setInstances(config.eventLoops()))
                .onSuccess(deploymentIds::add)
                .compose(id -> config.collectors().http().isEmpty()
                        ? Future.succeededFuture(id)
                        : vertx.deployVerticle(
                                        new PullCollector(config.collectors().http(), sink, clock))
                                .onSuccess(deploymentIds::add))
                .compose(id -> config.collectors().kafkaLag().isEmpty()
                        ? Future.succeededFuture(id)
                        : vertx.deployVerticle(new KafkaLagCollector(
                                        config.collectors().kafkaLag(),
                                        config.kafka().bootstrap(),
                                        sink,
                                        clock))
                                .onSuccess(deploymentIds::add))
                .compose(id -> config.collectors().postgres().isEmpty()
                        ? Future.succeededFuture(id)
                        : vertx.deployVerticle(new PostgresCollector(
                                        config.collectors().postgres(), sink, clock))
                                .onSuccess(deploymentIds::add))
                .recover(e -> closeSink().transform(ignored -> Future.failedFuture(e)))
                .map(id -> instances.get(0).actualPort());
    }

    /** Stops accepting requests, then waits for records already sent before closing the producer. */
    public Future<Void> stop() {
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deploymentIds) {
            undeployed.add(vertx.undeploy(id));
        }
        deploymentIds.clear();
        return Future.join(undeployed).<Void>mapEmpty().eventually(this::closeSink);
    }

    private Future<Void> closeSink() {
        KafkaProbe p = probe;
        probe = null;
        KafkaSink s = sink;
        sink = null;
        if (s == null && p == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(
                () -> {
                    if (p != null) {
                        p.close();
                    }
                    if (s != null) {
                        s.close(CLOSE_TIMEOUT);
                    }
                    return null;
                },
                false);
    }
}
