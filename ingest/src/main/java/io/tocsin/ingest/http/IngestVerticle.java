package io.tocsin.ingest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.Json;
import io.tocsin.ingest.auth.Admission;
import io.tocsin.ingest.auth.ClientState;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.remotewrite.RemoteWriteHeaders;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.SinkRefusedException;
import io.tocsin.ingest.text.StrictText;
import io.tocsin.ops.Health;
import io.tocsin.ops.HttpErrors;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.tocsin.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The HTTP face of ingest: one route per wire format, each a pure decoder in front of the one
 * shared sink, plus the shared health and metrics routes. Every receiver answers 2xx only once
 * Kafka acknowledged every record of the request, and refuses a request whole.
 */
public final class IngestVerticle extends VerticleBase {
    /** How often metadata is re-fetched: reports reachability and keeps the topic in the producer's cache. */
    static final long METADATA_REFRESH_MS = 10_000;

    private static final int RETRY_AFTER_SECONDS = 1;
    private static final long LINGER_MS = 1000;

    private record Accepted(String status, int accepted) {}

    private static final String CLIENT = "tocsin.client";

    private final String host;
    private final int port;
    private final HttpLimits limits;
    private final HttpLoad load;
    private final Decoders decoders;
    private final Clients clients;
    private final KafkaSink sink;
    private final Health health;
    private final PrometheusMeterRegistry registry;
    private final IngestMetrics metrics;
    private volatile int actualPort = -1;

    /** @param load shared by every instance of one ingest: the buffer budget and connection limit are global */
    public IngestVerticle(
            String host,
            int port,
            HttpLimits limits,
            HttpLoad load,
            Decoders decoders,
            Clients clients,
            KafkaSink sink,
            Health health,
            PrometheusMeterRegistry registry) {
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.load = load;
        this.decoders = decoders;
        this.clients = clients;
        this.sink = sink;
        this.health = health;
        this.registry = registry;
        this.metrics = new IngestMetrics(registry, load);
    }

    @Override
    public Future<?> start() {
        ConnectionGuard connections = new ConnectionGuard(
                vertx,
                limits,
                load,
                () -> metrics.rejected(Rejection.TOO_MANY_CONNECTIONS),
                () -> metrics.rejected(Rejection.TIMEOUT));
        Router router = Router.router(vertx);
        router.route().failureHandler(HttpErrors::handle);
        router.route().handler(connections::requestStarted);
        // Read as the endpoint's format whatever the Content-Type, within the limits; nothing goes to disk.
        BoundedBody body = new BoundedBody(limits, load, this::refuseAndClose);
        // The (bounded) body is read first; an unknown caller is refused before any decoding.
        router.post("/v1/samples").handler(body).handler(this::authenticate).handler(this::postSamples);
        router.post("/api/v1/write").handler(body).handler(this::authenticate).handler(this::postRemoteWrite);
        router.post("/v1/logs").handler(body).handler(this::authenticate).handler(this::postLogs);
        router.post("/loki/api/v1/push")
                .handler(body)
                .handler(this::authenticate)
                .handler(this::postLoki);
        router.post("/v1/events").handler(body).handler(this::authenticate).handler(this::postEvents);
        router.post("/v1/webhook/:source")
                .handler(body)
                .handler(this::authenticate)
                .handler(this::postWebhook);
        // GET too: a crontab line with curl or wget pings without options.
        router.post("/v1/heartbeat/:name")
                .handler(body)
                .handler(this::authenticate)
                .handler(this::heartbeat);
        router.get("/v1/heartbeat/:name").handler(this::authenticate).handler(this::heartbeat);
        OpsRoutes.mount(router, health, registry);

        vertx.setPeriodic(METADATA_REFRESH_MS, id -> sink.refreshMetadata(vertx));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                // One request at a time per connection: h2c would multiply the bodies one connection holds.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options)
                .connectionHandler(connections::opened)
                .requestHandler(router)
                .listen()
                .onSuccess(server -> actualPort = server.actualPort());
    }

    /** The bound port (useful when configured as 0), or -1 before {@link #start} completed. */
    public int actualPort() {
        return actualPort;
    }

    private void authenticate(RoutingContext ctx) {
        Clients.Identity who = clients.identify(ctx.request().getHeader("Authorization"));
        if (who instanceof Clients.Unknown unknown) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tocsin\"");
            refuse(ctx, Rejection.UNAUTHORIZED, new BadRequest(401, unknown.reason(), null));
            return;
        }
        if (who instanceof Clients.Known known) {
            ctx.put(CLIENT, known.client());
        }
        ctx.next();
    }

    private void postSamples(RoutingContext ctx) {
        write(ctx, "samples", decoders.samples().decode(body(ctx)), this::answerAccepted);
    }

    /** Prometheus remote-write 1.0: 204 with no body, as Prometheus' own receiver answers. */
    private void postRemoteWrite(RoutingContext ctx) {
        RemoteWriteHeaders headers = new RemoteWriteHeaders(
                ctx.request().getHeader("Content-Encoding"),
                ctx.request().getHeader("Content-Type"),
                ctx.request().getHeader("X-Prometheus-Remote-Write-Version"));
        write(ctx, "remote_write", decoders.remoteWrite().decode(headers, body(ctx)), this::answerNoContent);
    }

    private void postLogs(RoutingContext ctx) {
        write(ctx, "logs", decoders.logs().decode(body(ctx)), this::answerAccepted);
    }

    /** Loki's push API, JSON or snappy protobuf: 204 on success, as Loki answers. */
    private void postLoki(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String receiver = type != null && type.startsWith("application/x-protobuf") ? "loki_protobuf" : "loki_json";
        write(
                ctx,
                receiver,
                decoders.loki().decode(type, ctx.request().getHeader("Content-Encoding"), body(ctx)),
                this::answerNoContent);
    }

    private void postEvents(RoutingContext ctx) {
        write(ctx, "events", decoders.events().decode(body(ctx)), this::answerAccepted);
    }

    private void postWebhook(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        DecodeResult decoded = decoders.webhooks().decode(source, body(ctx));
        if (decoded == null) {
            refuse(
                    ctx,
                    Rejection.BAD_REQUEST,
                    new BadRequest(
                            404,
                            "no webhook mapping for source '" + source + "' (see TOCSIN_INGEST_WEBHOOKS_FILE)",
                            null));
            return;
        }
        write(ctx, "webhook", decoded, this::answerAccepted);
    }

    private void heartbeat(RoutingContext ctx) {
        // Vert.x decodes %C0%AF leniently (to U+FFFD); judge what the client really sent.
        for (String[] part : new String[][] {
            {"path", ctx.request().path()}, {"query", ctx.request().query()}
        }) {
            String problem = StrictText.uriProblem(part[1]);
            if (problem != null) {
                refuse(ctx, Rejection.BAD_REQUEST, new BadRequest(part[0] + ": " + problem));
                return;
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : ctx.queryParams()) {
            if (query.put(q.getKey(), q.getValue()) != null) {
                refuse(ctx, Rejection.BAD_REQUEST, new BadRequest("query parameter " + q.getKey() + " given twice"));
                return;
            }
        }
        write(ctx, "heartbeat", decoders.heartbeats().decode(ctx.pathParam("name"), query), this::answerAccepted);
    }

    /** The one path from a decoded request to Kafka and back to the client. */
    private void write(
            RoutingContext ctx, String receiver, DecodeResult decoded, BiConsumer<RoutingContext, Integer> answer) {
        if (decoded instanceof DecodeResult.Rejected rejected) {
            refuse(ctx, Rejection.BAD_REQUEST, new BadRequest(rejected.status(), rejected.reason(), null));
            return;
        }
        DecodeResult.Accepted batch = (DecodeResult.Accepted) decoded;
        if (batch.size() > sink.capacity()) {
            // It could never fit in flight, so "retry later" would be a lie.
            refuse(
                    ctx,
                    Rejection.TOO_LARGE,
                    new BadRequest(
                            413,
                            "batch of " + batch.size() + " records is larger than the limit of " + sink.capacity()
                                    + "; split it",
                            null));
            return;
        }
        ClientState client = ctx.get(CLIENT);
        if (client != null && client.admit(batch) instanceof Admission.Refused no) {
            refuse(
                    ctx,
                    switch (no.status()) {
                        case 403 -> Rejection.FORBIDDEN;
                        case 429 -> Rejection.RATE_LIMITED;
                        case 413 -> Rejection.TOO_LARGE;
                        default -> Rejection.SERIES_LIMIT;
                    },
                    new BadRequest(no.status(), no.reason(), no.retryAfterSeconds()));
            return;
        }
        sink.write(batch.samples(), batch.logs(), context)
                .onSuccess(written -> {
                    metrics.accepted(batch.samples().size(), batch.logs().size());
                    metrics.acceptedRequest(receiver);
                    answer.accept(ctx, written);
                })
                .onFailure(e -> writeFailed(ctx, e));
    }

    private void answerAccepted(RoutingContext ctx, int written) {
        ctx.response()
                .putHeader("content-type", "application/json")
                .end(Json.writeString(new Accepted("success", written)));
    }

    private void answerNoContent(RoutingContext ctx, int written) {
        ctx.response().setStatusCode(204).end();
    }

    private void writeFailed(RoutingContext ctx, Throwable e) {
        if (e instanceof SinkRefusedException refused) {
            switch (refused.reason()) {
                case TOO_LARGE -> refuse(ctx, Rejection.TOO_LARGE, new BadRequest(413, refused.getMessage(), null));
                case OVERLOADED ->
                    refuse(ctx, Rejection.OVERLOADED, new BadRequest(503, refused.getMessage(), RETRY_AFTER_SECONDS));
                case KAFKA_UNAVAILABLE ->
                    refuse(
                            ctx,
                            Rejection.KAFKA_UNAVAILABLE,
                            new BadRequest(503, refused.getMessage(), RETRY_AFTER_SECONDS));
            }
        } else {
            ctx.fail(e);
        }
    }

    private void refuse(RoutingContext ctx, Rejection why, BadRequest answer) {
        metrics.rejected(why);
        ctx.fail(answer);
    }

    /** A refusal while the body may still be arriving: answer, then close rather than read the rest. */
    private void refuseAndClose(RoutingContext ctx, Rejection why, BadRequest answer) {
        HttpServerRequest request = ctx.request();
        ctx.response().putHeader("Connection", "close");
        ctx.addEndHandler(v -> lingerThenClose(request));
        refuse(ctx, why, answer);
    }

    /**
     * Closing with unread bytes in the socket makes TCP reset the connection, and the client may
     * then lose the answer before reading it: drop what is still coming for a moment (nothing is
     * kept), then close.
     */
    private void lingerThenClose(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = vertx.setTimer(LINGER_MS, id -> connection.close());
        request.handler(dropped -> {});
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            connection.close();
        });
    }

    private static byte[] body(RoutingContext ctx) {
        return BoundedBody.of(ctx);
    }
}
