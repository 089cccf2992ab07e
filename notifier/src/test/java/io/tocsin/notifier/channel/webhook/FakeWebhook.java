package io.tocsin.notifier.channel.webhook;

import io.tocsin.notifier.channel.HttpFake;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver of Alertmanager payloads on 127.0.0.1 (contracts.md): 200 for a JSON object
 * POSTed to its path, which carries a random token like real hook URLs do; 400 for anything not
 * JSON; 404 elsewhere. Outages and 429s are scripted through {@link #answerNext}.
 */
public final class FakeWebhook extends HttpFake {
    private final String path = "/hooks/" + UUID.randomUUID().toString().replace("-", "");
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    private FakeWebhook(Vertx vertx) {
        super(vertx);
    }

    public static FakeWebhook start(Vertx vertx) {
        FakeWebhook hook = new FakeWebhook(vertx);
        hook.listen();
        return hook;
    }

    public String url() {
        return baseUrl() + path;
    }

    /** The secret part of the URL. */
    public String token() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Payloads answered 200, in arrival order. */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    @Override
    protected void answer(HttpServerRequest req, Buffer body) {
        if (req.method() != HttpMethod.POST || !path.equals(req.path())) {
            reply(req, 404, "text/plain", "not found");
            return;
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            reply(req, 400, "text/plain", "expected application/json");
            return;
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (RuntimeException e) {
            reply(req, 400, "text/plain", "not a JSON object");
            return;
        }
        received.add(json);
        reply(req, 200, "text/plain", "");
    }
}
