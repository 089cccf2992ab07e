package io.tocsin.ingest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.Json;
import io.tocsin.ops.Health;
import io.tocsin.ops.HttpErrors;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.tocsin.ops.OpsRoutes;
import io.tocsin.ingest.auth.Admission;
import io.tocsin.ingest.auth.ClientState;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.remotewrite.RemoteWriteHeaders;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.SinkRefusedException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private record Accepted(String status, int accepted) {}

    private static final String CLIENT = "tocsin.client";

    private final String host;
    private final int port;
    private final int bodyLimitBytes;
    private final Decoders decoders;
    private final Clients clients;
    private final KafkaSink sink;
    private final Health health;
    private final PrometheusMeterRegistry registry;
    private final IngestMetrics metrics;
    private volatile int actualPort = -1;

    public IngestVerticle(String host, int port, int bodyLimitBytes, Decoders decoders, Clients clients,
            KafkaSink sink, Health health, PrometheusMeterRegistry registry) {
        this.host = host;
        this.port = port;
        this.bodyLimitBytes = bodyLimitBytes;
        this.decoders = decoders;
        this.clients = clients;
        this.sink = sink;
        this.health = health;
        this.registry = registry;
        this.metrics = new IngestMetrics(registry);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().failureHandler(this::countOversizedBody);
        router.route().failureHandler(HttpErrors::handle);
        // No file uploads: nothing is ever written to disk for a request.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
        // Vert.x reads the (bounded) body first; an unknown caller is refused before any decoding.
        router.post("/v1/samples").handler(body).handler(this::authenticate).handler(this::postSamples);
        router.post("/api/v1/write").handler(body).handler(this::authenticate).handler(this::postRemoteWrite);
        router.post("/v1/logs").handler(body).handler(this::authenticate).handler(this::postLogs);
        router.post("/loki/api/v1/push").handler(body).handler(this::authenticate).handler(this::postLoki);
        router.post("/v1/events").handler(body).handler(this::authenticate).handler(this::postEvents);
        router.post("/v1/webhook/:source").handler(body).handler(this::authenticate).handler(this::postWebhook);
        // GET too: a crontab line with curl or wget pings without options.
        router.post("/v1/heartbeat/:name").handler(body).handler(this::authenticate).handler(this::heartbeat);
        router.get("/v1/heartbeat/:name").handler(this::authenticate).handler(this::heartbeat);
        OpsRoutes.mount(router, health, registry);

        vertx.setPeriodic(METADATA_REFRESH_MS, id -> sink.refreshMetadata(vertx));
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
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
        RemoteWriteHeaders headers = new RemoteWriteHeaders(ctx.request().getHeader("Content-Encoding"),
                ctx.request().getHeader("Content-Type"), ctx.request().getHeader("X-Prometheus-Remote-Write-Version"));
        write(ctx, "remote_write", decoders.remoteWrite().decode(headers, body(ctx)), this::answerNoContent);
    }

    private void postLogs(RoutingContext ctx) {
        write(ctx, "logs", decoders.logs().decode(body(ctx)), this::answerAccepted);
    }

    /** Loki's push API, JSON or snappy protobuf: 204 on success, as Loki answers. */
    private void postLoki(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String receiver = type != null && type.startsWith("application/x-protobuf") ? "loki_protobuf" : "loki_json";
        write(ctx, receiver, decoders.loki().decode(type, ctx.request().getHeader("Content-Encoding"), body(ctx)),
                this::answerNoContent);
    }

    private void postEvents(RoutingContext ctx) {
        write(ctx, "events", decoders.events().decode(body(ctx)), this::answerAccepted);
    }

    private void postWebhook(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        DecodeResult decoded = decoders.webhooks().decode(source, body(ctx));
        if (decoded == null) {
            refuse(ctx, Rejection.BAD_REQUEST, new BadRequest(404, "no webhook mapping for source '" + source
                    + "' (see TOCSIN_INGEST_WEBHOOKS_FILE)", null));
            return;
        }
        write(ctx, "webhook", decoded, this::answerAccepted);
    }

    private void heartbeat(RoutingContext ctx) {
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
    private void write(RoutingContext ctx, String receiver, DecodeResult decoded,
            BiConsumer<RoutingContext, Integer> answer) {
        if (decoded instanceof DecodeResult.Rejected rejected) {
            refuse(ctx, Rejection.BAD_REQUEST, new BadRequest(rejected.status(), rejected.reason(), null));
            return;
        }
        DecodeResult.Accepted batch = (DecodeResult.Accepted) decoded;
        if (batch.size() > sink.capacity()) {
            // It could never fit in flight, so "retry later" would be a lie.
            refuse(ctx, Rejection.TOO_LARGE, new BadRequest(413, "batch of " + batch.size()
                    + " records is larger than the limit of " + sink.capacity() + "; split it", null));
            return;
        }
        ClientState client = ctx.get(CLIENT);
        if (client != null && client.admit(batch) instanceof Admission.Refused no) {
            refuse(ctx, switch (no.status()) {
                case 403 -> Rejection.FORBIDDEN;
                case 429 -> Rejection.RATE_LIMITED;
                case 413 -> Rejection.TOO_LARGE;
                default -> Rejection.SERIES_LIMIT;
            }, new BadRequest(no.status(), no.reason(), no.retryAfterSeconds()));
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
            Rejection why = refused.reason() == SinkRefusedException.Reason.OVERLOADED
                    ? Rejection.OVERLOADED
                    : Rejection.KAFKA_UNAVAILABLE;
            refuse(ctx, why, new BadRequest(503, refused.getMessage(), RETRY_AFTER_SECONDS));
        } else {
            ctx.fail(e);
        }
    }

    private void refuse(RoutingContext ctx, Rejection why, BadRequest answer) {
        metrics.rejected(why);
        ctx.fail(answer);
    }

    /** BodyHandler answers an oversized body with a bare 413; count it before the shared handler answers. */
    private void countOversizedBody(RoutingContext ctx) {
        if (ctx.failure() == null && ctx.statusCode() == 413) {
            metrics.rejected(Rejection.TOO_LARGE);
        }
        ctx.next();
    }

    private static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }
}
