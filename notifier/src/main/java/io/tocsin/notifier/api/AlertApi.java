package io.tocsin.notifier.api;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupView;
import io.tocsin.notifier.silence.SilenceBook;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alertmanager API v2 for alerts, so Prometheus can send to Tocsin and amtool can read it:
 * {@code POST /api/v2/alerts} (answered once Kafka has every alert), {@code GET /api/v2/alerts},
 * {@code GET /api/v2/alerts/groups}, {@code GET /api/v2/status}, {@code GET /api/v2/receivers}.
 * Reads come from the groups this instance owns, as the dispatch keeps them in memory ({@code
 * GroupView}), not from decoding the store: with several instances each answers for its own.
 */
public final class AlertApi {
    private final Producer<String, Alert> producer;
    private final Supplier<? extends Collection<AlertGroup>> groups;
    private final Supplier<List<Alert>> inhibiting;
    private final SilenceBook silences;
    /** The config in force, read per request: a reload shows at once. */
    private final Supplier<NotifierConfig> config;

    private final Clock clock;
    private final Instant started;
    private Peers peers;
    private final RecentPosts recent = new RecentPosts();
    private final Flushes flushes;
    private AlertListings listings;
    /** Null: groups are read from {@link #groups} only. */
    private Supplier<GroupView> view;
    /** Null: every well-formed batch is taken. */
    private Admission admission;

    private DoubleSupplier dispatchBacklog = () -> 0;
    private Counter rejected;
    /** Alerts (and their bytes) admitted and not yet acknowledged: counted as kept by later admissions. */
    private long reservedAlerts;

    private long reservedBytes;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** @param groups every group this instance owns, or a 503 {@code BadRequest} while it cannot say */
    public AlertApi(
            Producer<String, Alert> producer,
            Supplier<? extends Collection<AlertGroup>> groups,
            Supplier<List<Alert>> inhibiting,
            SilenceBook silences,
            Supplier<NotifierConfig> config,
            Clock clock) {
        this.producer = producer;
        this.groups = groups;
        this.inhibiting = inhibiting;
        this.silences = silences;
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        // A thread of its own: a flush blocks until the broker answers, and the Vert.x workers
        // are the GETs' and the POSTs' parsing.
        this.flushes = new Flushes(producer::flush, FLUSHER);
        this.listings = new AlertListings(groups, inhibiting, silences::all, config, clock);
    }

    private static final java.util.concurrent.Executor FLUSHER =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "tocsin-api-flush");
                t.setDaemon(true);
                return t;
            });

    /**
     * Refuse batches (429, nothing written) while more than {@code maxBacklog} alerts wait for
     * their groups, by the dispatch's backlog or by the posts kept for reads ({@link Admission});
     * export the kept posts and the refused alerts.
     *
     * @param dispatchBacklog the dispatch's backlog ({@code AlertBacklog})
     */
    public AlertApi admitting(long maxBacklog, DoubleSupplier dispatchBacklog, MeterRegistry registry) {
        this.admission = new Admission(maxBacklog, maxBacklog * MAX_BYTES_PER_KEPT_POST);
        this.dispatchBacklog = dispatchBacklog;
        Gauge.builder(UNHELD_METER, recent, RecentPosts::size)
                .description("alerts acknowledged by POST /api/v2/alerts here and not yet in their groups")
                .register(registry);
        Gauge.builder(UNHELD_BYTES_METER, recent, RecentPosts::bytes)
                .description("estimated heap of the posted alerts kept for reads until their groups hold them")
                .baseUnit("bytes")
                .register(registry);
        this.rejected = Counter.builder(REJECTED_METER)
                .description("alerts refused by POST /api/v2/alerts with 429 (the dispatch was behind)")
                .register(registry);
        return this;
    }

    public static final String UNHELD_METER = "tocsin.notifier.alerts.posted.unheld";
    public static final String UNHELD_BYTES_METER = "tocsin.notifier.alerts.posted.unheld.bytes";
    public static final String REJECTED_METER = "tocsin.notifier.alerts.rejected";
    /**
     * The byte bound of the kept posts, per alert of the backlog bound: ten times a typical
     * Prometheus alert (about 1 KB kept), so only unusually large alerts meet it first.
     */
    static final long MAX_BYTES_PER_KEPT_POST = 10 * 1024;
    /** How often kept posts are checked against the groups while there are any. */
    static final Duration SWEEP = Duration.ofMillis(500);

    /**
     * Read the groups as the dispatch keeps them ({@code view}, or a 503 {@code BadRequest} while
     * it cannot say): GET /api/v2/alerts then reads only the groups that changed since the last
     * answer, and kept posts are looked up by group id, instead of walking every group each time.
     */
    public AlertApi viewing(Supplier<GroupView> view) {
        this.view = view;
        this.listings = new AlertListings(groups, view, inhibiting, silences::all, config, clock);
        return this;
    }

    /** Also answer for the other instances' groups (several notifier instances). */
    public AlertApi withPeers(Peers peers) {
        this.peers = peers;
        return this;
    }

    public void mount(Router router) {
        router.post("/api/v2/alerts").handler(this::post);
        router.get("/api/v2/alerts").handler(this::alerts);
        router.get("/api/v2/alerts/groups").handler(this::groups);
        router.get("/api/v2/status").handler(this::status);
        router.get("/api/v2/receivers").handler(this::receivers);
    }

    /**
     * The settings of the producer POSTed alerts go through, over the durable ones (acks=all,
     * idempotent): each POST's records are sent as soon as they are all appended ({@link
     * Flushes}), so {@code linger.ms} only gathers one POST's records into one batch per partition
     * and one request (it was the floor of every POST's latency); no compression, as every batch
     * was compressed on the event loop and decompressed again by the broker to validate it, on the
     * same two cores, to save loopback bytes.
     */
    public static Properties producerSettings(Properties durable) {
        durable.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        durable.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        durable.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return durable;
    }

    /**
     * Parsing and appending run on a worker (the one event loop of the API had all the POSTs'
     * JSON work of every client on one core); the answer waits for Kafka's acks of every alert of
     * the POST (acks=all), as before: a 200 still means they are in Kafka.
     */
    private void post(RoutingContext ctx) {
        Instant now = clock.instant();
        Duration resolveTimeout = config.get().global().resolveTimeout();
        Vertx vertx = ctx.vertx();
        vertx.executeBlocking(
                        () -> append(admit(posts(PostedAlerts.parse(Json.array(ctx), now, resolveTimeout), now))),
                        false)
                .compose(Appended::acked)
                .onSuccess(posted -> {
                    recent.add(posted, clock.instant());
                    release(posted);
                    sweepWhileKept(vertx);
                    ctx.response().setStatusCode(200).end();
                })
                .onFailure(e -> ctx.fail(
                        e instanceof BadRequest bad
                                ? bad
                                : new BadRequest(503, "alerts could not be written to Kafka", 1)));
    }

    private record Appended(List<RecentPosts.Posted> posted, List<Future<Void>> sent, Runnable release) {
        Future<List<RecentPosts.Posted>> acked() {
            // A failed batch gives its reservation back; a taken one once it is kept (onSuccess).
            return Future.all(sent).map(v -> posted).onFailure(e -> release.run());
        }
    }

    private static List<RecentPosts.Posted> posts(List<Alert> alerts, Instant now) {
        List<RecentPosts.Posted> posted = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            posted.add(new RecentPosts.Posted(a, a.fingerprint(), now));
        }
        return posted;
    }

    /**
     * The whole batch or nothing: a refused batch is not written at all, so a client's retry of
     * it writes each alert once. Admitted alerts are reserved until they are kept, so that
     * concurrent POSTs do not all pass a bound none of them alone exceeds.
     *
     * @throws BadRequest 429 with Retry-After when refused
     */
    private synchronized List<RecentPosts.Posted> admit(List<RecentPosts.Posted> posted) {
        if (admission == null) {
            return posted;
        }
        long bytes = 0;
        for (RecentPosts.Posted p : posted) {
            bytes += p.bytes();
        }
        Admission.Verdict v = admission.judge(
                new Admission.Queued(
                        dispatchBacklog.getAsDouble(), recent.size() + reservedAlerts, recent.bytes() + reservedBytes),
                posted.size(),
                bytes);
        if (!v.admitted()) {
            rejected.increment(posted.size());
            throw new BadRequest(429, v.reason(), v.retryAfterSeconds());
        }
        reservedAlerts += posted.size();
        reservedBytes += bytes;
        return posted;
    }

    private synchronized void release(List<RecentPosts.Posted> posted) {
        if (admission == null) {
            return;
        }
        for (RecentPosts.Posted p : posted) {
            reservedBytes -= p.bytes();
        }
        reservedAlerts -= posted.size();
    }

    /**
     * Checks the kept posts against the groups every {@link #SWEEP} while there are any, so that
     * they are let go as the dispatch holds them even when nobody reads; stops when none is left
     * or the groups cannot be read (the next POST starts it again).
     */
    private void sweepWhileKept(Vertx vertx) {
        if (recent.isEmpty() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        vertx.setTimer(
                SWEEP.toMillis(),
                id -> vertx.executeBlocking(
                                () -> {
                                    sweep();
                                    return null;
                                },
                                false)
                        .onComplete(r -> {
                            sweeping.set(false);
                            if (r.succeeded()) {
                                sweepWhileKept(vertx);
                            }
                        }));
    }

    private void sweep() {
        java.util.function.Function<String, AlertGroup> byId;
        if (view != null) {
            byId = view.get()::get;
        } else {
            Map<String, AlertGroup> all = new HashMap<>();
            for (AlertGroup g : groups.get()) {
                all.put(g.ref().id(), g);
            }
            byId = all::get;
        }
        recent.sweep(
                byId,
                config.get().root(),
                clock.instant(),
                peers != null && peers.any(),
                dispatchBacklog.getAsDouble() == 0);
    }

    private Appended append(List<RecentPosts.Posted> posted) {
        List<Future<Void>> sent = new ArrayList<>(posted.size());
        try {
            sendAll(posted, sent);
        } catch (RuntimeException e) {
            release(posted);
            throw e;
        }
        flushes.ask();
        return new Appended(posted, sent, () -> release(posted));
    }

    private void sendAll(List<RecentPosts.Posted> posted, List<Future<Void>> sent) {
        for (RecentPosts.Posted rp : posted) {
            Alert a = rp.alert();
            String fingerprint = rp.fingerprint();
            Promise<Void> p = Promise.promise();
            // Stamped with the moment the POST arrived, not when the worker got to send it: the
            // group stage counts group_wait from the record's time, as Alertmanager counts from its API.
            ProducerRecord<String, Alert> record =
                    new ProducerRecord<>(Topics.ALERTS, null, rp.at().toEpochMilli(), fingerprint, a);
            producer.send(record, (meta, e) -> {
                if (e == null) {
                    p.complete();
                } else {
                    p.fail(e);
                }
            });
            sent.add(p.future());
        }
    }

    // Reading every group can take long with many alerts: it runs on a worker thread so the event
    // loop keeps accepting alerts meanwhile, and so does writing each piece of the answer.
    private void alerts(RoutingContext ctx) {
        AlertView.Query q = query(ctx);
        boolean onlyOwned = "true".equals(ctx.queryParams().get(Peers.LOCAL));
        Vertx vertx = ctx.vertx();
        Future<ListingStream> local = vertx.executeBlocking(
                () -> listings.answer(q, onlyOwned ? null : recent, vertx, JsonChunks.CHUNK), false);
        // With other instances, their answers are merged into this one's, whole; alone (no peers
        // known now), this one's is streamed: it was copied into one buffer on the event loop.
        if (peers != null && !onlyOwned && peers.any()) {
            Future<Buffer> whole =
                    local.compose(s -> vertx.executeBlocking(() -> s.drain().toBuffer(), false));
            withPeers(ctx, whole, Merged::alerts)
                    .onSuccess(body -> ctx.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .end(body))
                    .onFailure(ctx::fail);
            return;
        }
        local.onSuccess(stream -> {
                    HttpServerResponse response = ctx.response()
                            .setStatusCode(200)
                            .setChunked(true)
                            .putHeader("Content-Type", "application/json");
                    new ListingPump(vertx, stream, response).start();
                })
                .onFailure(ctx::fail);
    }

    private void groups(RoutingContext ctx) {
        AlertView.Query q = query(ctx);
        Future<Buffer> local = ctx.vertx()
                .executeBlocking(() -> view().groups(allGroups(ctx), q).toBuffer(), false);
        withPeers(ctx, local, Merged::groups)
                .onSuccess(body -> ctx.response()
                        .setStatusCode(200)
                        .putHeader("Content-Type", "application/json")
                        .end(body))
                .onFailure(ctx::fail);
    }

    /** This instance's answer, plus the other instances' unless this request came from one of them. */
    private Future<Buffer> withPeers(
            RoutingContext ctx, Future<Buffer> local, java.util.function.Function<List<JsonArray>, JsonArray> merge) {
        if (peers == null || "true".equals(ctx.queryParams().get(Peers.LOCAL))) {
            return local;
        }
        return local.compose(mine -> peers.ask(
                        ctx.request().path(),
                        ctx.request().query(),
                        ctx.request().getHeader("Authorization"))
                .compose(theirs -> {
                    if (theirs.isEmpty()) {
                        return Future.succeededFuture(mine);
                    }
                    // Parsing and merging large answers is work: off the event loop, like the local part.
                    return ctx.vertx()
                            .executeBlocking(
                                    () -> {
                                        List<JsonArray> parts = new ArrayList<>();
                                        parts.add(new JsonArray(mine));
                                        parts.addAll(theirs);
                                        return merge.apply(parts).toBuffer();
                                    },
                                    false);
                }));
    }

    private void status(RoutingContext ctx) {
        Json.send(
                ctx,
                200,
                new JsonObject()
                        .put(
                                "cluster",
                                new JsonObject()
                                        .put("name", "tocsin")
                                        .put("status", "ready")
                                        .put("peers", new JsonArray()))
                        .put(
                                "versionInfo",
                                new JsonObject()
                                        .put("version", "tocsin-0.1.0")
                                        .put("revision", "")
                                        .put("branch", "")
                                        .put("buildUser", "")
                                        .put("buildDate", "")
                                        .put("goVersion", "none"))
                        .put(
                                "config",
                                new JsonObject().put("original", config.get().original()))
                        .put("uptime", started.toString()));
    }

    private void receivers(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        config.get().receivers().keySet().forEach(name -> out.add(new JsonObject().put("name", name)));
        Json.send(ctx, 200, out);
    }

    private AlertView view() {
        NotifierConfig c = config.get();
        return new AlertView(
                silences.all(),
                c.inhibitRules(),
                c.inhibitRules().isEmpty() ? List.of() : inhibiting.get(),
                c.timeIntervals(),
                clock.instant());
    }

    /**
     * The groups this instance owns, plus those its recently posted alerts will be in. Asked by
     * another instance ({@code local=true}), only the owned ones: the asking instance adds the
     * alerts posted to it itself, and an alert posted to both is owned by one of them.
     */
    private Collection<AlertGroup> allGroups(RoutingContext ctx) {
        if ("true".equals(ctx.queryParams().get(Peers.LOCAL))) {
            return groups.get();
        }
        List<RecentPosts.Posted> taken = recent.all(); // before the groups: RecentPosts.all() says why
        return RecentPosts.with(groups.get(), taken, config.get().root(), clock.instant());
    }

    private static AlertView.Query query(RoutingContext ctx) {
        List<Matcher> filter = Filters.parse(ctx.queryParam("filter"));
        // amtool sends unprocessed too; every alert here has been processed, so it filters nothing.
        flag(ctx, "unprocessed");
        Pattern receiver = null;
        String r = ctx.queryParams().get("receiver");
        if (r != null && !r.isEmpty()) {
            try {
                receiver = Pattern.compile("^(?:" + r + ")$");
            } catch (PatternSyntaxException e) {
                throw new BadRequest("receiver: invalid regular expression: " + e.getDescription());
            }
        }
        return new AlertView.Query(
                flag(ctx, "active"), flag(ctx, "silenced"), flag(ctx, "inhibited"), filter, receiver);
    }

    private static boolean flag(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty() || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new BadRequest(name + " must be true or false, not '" + v + "'");
    }
}
