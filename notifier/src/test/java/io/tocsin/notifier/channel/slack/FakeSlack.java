package io.tocsin.notifier.channel.slack;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Slack incoming webhook on 127.0.0.1, answering the way contracts.md says Slack does: 200
 * text/plain {@code ok}; 400 {@code invalid_payload} for a non-JSON body or another content
 * type; 400 {@code no_text} without text, blocks or attachments; 400 {@code invalid_blocks} for a
 * section over 3,000 characters or more than 50 blocks; 404 {@code no_service} for a wrong path.
 * Tests script other answers (429 with Retry-After, 500 {@code rollup_error}, 404
 * {@code channel_not_found} ...) with {@link #answerNext}.
 */
public final class FakeSlack implements AutoCloseable {
    public static final int SECTION_LIMIT = 3000;
    public static final int MAX_BLOCKS = 50;

    private record Answer(int status, String body, Map<String, String> headers, boolean stall) {}

    private final HttpServer server;
    private final String path =
            "/services/T00000000/B00000000/" + UUID.randomUUID().toString().replace("-", "");
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<HttpServerRequest> stalled = new CopyOnWriteArrayList<>();

    private FakeSlack(Vertx vertx) {
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts on a free port; call from a test thread, not an event loop. */
    public static FakeSlack start(Vertx vertx) {
        FakeSlack slack = new FakeSlack(vertx);
        try {
            slack.server
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake Slack did not start", e);
        }
        return slack;
    }

    /** The webhook URL; its path is a random token, like a real one, so tests can check it never leaks. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** The secret part of {@link #webhookUrl()}. */
    public String webhookPath() {
        return path;
    }

    /** Bodies of the requests answered 200 ok, in arrival order. */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    /** Every request, whatever the answer. */
    public int requestCount() {
        return requests.get();
    }

    /** The next {@code count} requests get this answer instead of the normal one. */
    public void answerNext(int count, int status, String body, Map<String, String> headers) {
        for (int i = 0; i < count; i++) {
            script.add(new Answer(status, body, Map.copyOf(headers), false));
        }
    }

    /** The next {@code count} requests get no answer at all (until close), to test timeouts. */
    public void stallNext(int count) {
        for (int i = 0; i < count; i++) {
            script.add(new Answer(0, "", Map.of(), true));
        }
    }

    /** The rate limit answer of contracts.md. */
    public void rateLimitNext(int count, int retryAfterSeconds) {
        answerNext(
                count,
                429,
                "{\"ok\":false,\"error\":\"rate_limited\",\"retry_after\":" + retryAfterSeconds + "}",
                Map.of("Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json"));
    }

    @Override
    public void close() {
        stalled.forEach(r -> r.connection().close());
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake Slack did not stop", e);
        }
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> answer(req, body));
    }

    private void answer(HttpServerRequest req, Buffer body) {
        requests.incrementAndGet();
        Answer scripted = script.poll();
        if (scripted != null) {
            if (scripted.stall()) {
                stalled.add(req);
                return;
            }
            if (scripted.status() == 200) {
                parse(body).ifPresent(received::add);
            }
            scripted.headers().forEach(req.response()::putHeader);
            reply(req, scripted.status(), scripted.body());
            return;
        }
        if (req.method() != HttpMethod.POST || !path.equals(req.path())) {
            reply(
                    req,
                    req.method() != HttpMethod.POST ? 405 : 404,
                    req.method() != HttpMethod.POST ? "invalid_method" : "no_service");
            return;
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            reply(req, 400, "invalid_payload");
            return;
        }
        JsonObject json = parse(body).orElse(null);
        if (json == null) {
            reply(req, 400, "invalid_payload");
            return;
        }
        String problem = problem(json);
        if (problem != null) {
            reply(req, 400, problem);
            return;
        }
        received.add(json);
        reply(req, 200, "ok");
    }

    /** Slack's checks on a message, as far as the contract describes them. */
    private static String problem(JsonObject json) {
        Object text = json.getValue("text");
        Object blocks = json.getValue("blocks");
        Object attachments = json.getValue("attachments");
        if ((text != null && !(text instanceof String)) || (blocks != null && !(blocks instanceof JsonArray))) {
            return "invalid_payload";
        }
        boolean hasText = text != null && !((String) text).isBlank();
        boolean hasBlocks = blocks != null && !((JsonArray) blocks).isEmpty();
        boolean hasAttachments = attachments instanceof JsonArray a && !a.isEmpty();
        if (!hasText && !hasBlocks && !hasAttachments) {
            return "no_text";
        }
        if (blocks != null) {
            JsonArray list = (JsonArray) blocks;
            if (list.size() > MAX_BLOCKS) {
                return "invalid_blocks";
            }
            for (Object block : list) {
                if (!(block instanceof JsonObject b) || b.getString("type") == null) {
                    return "invalid_blocks";
                }
                if ("section".equals(b.getString("type"))) {
                    Object t = b.getValue("text");
                    if (!(t instanceof JsonObject to)
                            || !(to.getValue("text") instanceof String s)
                            || s.length() > SECTION_LIMIT) {
                        return "invalid_blocks";
                    }
                }
            }
        }
        return null;
    }

    private static Optional<JsonObject> parse(Buffer body) {
        try {
            return Json.decodeValue(body) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    private static void reply(HttpServerRequest req, int status, String body) {
        if (req.response().headers().get("Content-Type") == null) {
            req.response().putHeader("Content-Type", "text/plain; charset=utf-8");
        }
        req.response().setStatusCode(status).end(body);
    }

    /** For assertions: all section texts of one received message. */
    public static List<String> sectionTexts(JsonObject message) {
        List<String> out = new ArrayList<>();
        JsonArray blocks = message.getJsonArray("blocks", new JsonArray());
        for (int i = 0; i < blocks.size(); i++) {
            JsonObject text = blocks.getJsonObject(i).getJsonObject("text");
            if (text != null) {
                out.add(text.getString("text"));
            }
        }
        return out;
    }
}
