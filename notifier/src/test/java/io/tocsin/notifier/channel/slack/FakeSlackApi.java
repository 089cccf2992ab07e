package io.tocsin.notifier.channel.slack;

import io.tocsin.notifier.channel.HttpFake;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API for a bot on 127.0.0.1 (contracts.md): {@code POST /api/chat.postMessage} and
 * {@code /api/chat.update} with JSON and {@code Authorization: Bearer xoxb-…}. Errors come as
 * HTTP 200 {@code {"ok":false,"error":…}}: {@code not_authed}, {@code invalid_auth},
 * {@code channel_not_found} (chat.update needs the channel id that chat.postMessage answered),
 * {@code message_not_found}, {@code no_text}, {@code invalid_blocks}. It knows one channel,
 * {@code #alerts} = {@link #CHANNEL_ID}, and keeps each message's latest version by ts.
 */
public final class FakeSlackApi extends HttpFake {
    public static final String CHANNEL_NAME = "#alerts";
    public static final String CHANNEL_ID = "C0ALERTS01";

    /** A request Slack accepted: which method, and the body. */
    public record Call(String method, JsonObject body) {}

    private final String token = "xoxb-" + UUID.randomUUID().toString().replace("-", "");
    private final List<Call> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, JsonObject> messages = new ConcurrentHashMap<>();
    private final AtomicLong nextTs = new AtomicLong(1_767_000_000_000_100L);

    private FakeSlackApi(Vertx vertx) {
        super(vertx);
    }

    public static FakeSlackApi start(Vertx vertx) {
        FakeSlackApi api = new FakeSlackApi(vertx);
        api.listen();
        return api;
    }

    /** The API base URL to configure as api_url. */
    public String apiUrl() {
        return baseUrl() + "/api";
    }

    public String token() {
        return token;
    }

    public List<Call> accepted() {
        return List.copyOf(accepted);
    }

    /** Messages in the channel, latest version of each, by ts. */
    public Map<String, JsonObject> messages() {
        return Map.copyOf(messages);
    }

    /** Slack's Web API rate-limit answer: HTTP 429 with Retry-After. */
    public void rateLimitNext(int count, int retryAfterSeconds) {
        answerNext(
                count,
                429,
                "{\"ok\":false,\"error\":\"ratelimited\"}",
                Map.of("Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json"));
    }

    /** An HTTP 200 {@code ok:false} answer for the next requests. */
    public void errorNext(int count, String error) {
        answerNext(
                count,
                200,
                new JsonObject().put("ok", false).put("error", error).encode(),
                Map.of("Content-Type", "application/json"));
    }

    @Override
    protected void answer(HttpServerRequest req, Buffer body) {
        String method = req.path().startsWith("/api/") ? req.path().substring(5) : "";
        if (req.method() != HttpMethod.POST || !(method.equals("chat.postMessage") || method.equals("chat.update"))) {
            reply(req, 404, "application/json", error("unknown_method"));
            return;
        }
        String auth = req.getHeader("Authorization");
        if (auth == null) {
            reply(req, 200, "application/json", error("not_authed"));
            return;
        }
        if (!auth.equals("Bearer " + token)) {
            reply(req, 200, "application/json", error("invalid_auth"));
            return;
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (RuntimeException e) {
            reply(req, 200, "application/json", error("invalid_json"));
            return;
        }
        String channel = json.getString("channel");
        boolean knownChannel =
                CHANNEL_ID.equals(channel) || (method.equals("chat.postMessage") && CHANNEL_NAME.equals(channel));
        if (!knownChannel) {
            reply(req, 200, "application/json", error("channel_not_found"));
            return;
        }
        String problem = contentProblem(json);
        if (problem != null) {
            reply(req, 200, "application/json", error(problem));
            return;
        }
        String ts;
        if (method.equals("chat.update")) {
            ts = json.getString("ts");
            if (ts == null || !messages.containsKey(ts)) {
                reply(req, 200, "application/json", error("message_not_found"));
                return;
            }
        } else {
            long t = nextTs.getAndIncrement();
            ts = (t / 1_000_000) + "." + String.format("%06d", t % 1_000_000);
        }
        messages.put(ts, json);
        accepted.add(new Call(method, json));
        reply(
                req,
                200,
                "application/json",
                new JsonObject()
                        .put("ok", true)
                        .put("channel", CHANNEL_ID)
                        .put("ts", ts)
                        .put("message", new JsonObject().put("text", json.getString("text")))
                        .encode());
    }

    private static String contentProblem(JsonObject json) {
        Object text = json.getValue("text");
        Object blocks = json.getValue("blocks");
        boolean hasText = text instanceof String s && !s.isBlank();
        boolean hasBlocks = blocks instanceof JsonArray a && !a.isEmpty();
        if (!hasText && !hasBlocks) {
            return "no_text";
        }
        if (blocks instanceof JsonArray list) {
            if (list.size() > FakeSlack.MAX_BLOCKS) {
                return "invalid_blocks";
            }
            for (Object b : list) {
                if (!(b instanceof JsonObject block)
                        || (block.getJsonObject("text") != null
                                && block.getJsonObject("text")
                                                .getString("text", "")
                                                .length()
                                        > FakeSlack.SECTION_LIMIT)) {
                    return "invalid_blocks";
                }
            }
        }
        return null;
    }

    private static String error(String code) {
        return new JsonObject().put("ok", false).put("error", code).encode();
    }
}
