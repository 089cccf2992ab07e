package io.tocsin.console.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The notifier's and the rules service's JSON APIs as the console reads and changes them: the
 * same paths amtool and the CLI use, with the console's bearer token, so that every action goes
 * through the services' own auth and validation. Never fails: an unreachable API is an
 * {@link Answer} with its problem, which the page shows.
 */
public final class ApiClient {
    private static final int TIMEOUT_MS = 5000;
    private final WebClient web;
    private final String base;
    private final String token;

    public ApiClient(Vertx vertx, String base, String token) {
        this.web = WebClient.create(vertx, new WebClientOptions());
        this.base = base;
        this.token = token;
    }

    public Future<Answer> get(String pathAndQuery) {
        return send(request(HttpMethod.GET, pathAndQuery).send(), pathAndQuery);
    }

    public Future<Answer> post(String path, JsonObject body) {
        return send(request(HttpMethod.POST, path).sendJsonObject(body), path);
    }

    public Future<Answer> delete(String path) {
        return send(request(HttpMethod.DELETE, path).send(), path);
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path) {
        HttpRequest<Buffer> r = web.requestAbs(method, base + path).timeout(TIMEOUT_MS);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return r;
    }

    private static Future<Answer> send(Future<HttpResponse<Buffer>> sent, String path) {
        return sent.map(ApiClient::answer).otherwise(e -> new Answer(0, null, path + ": " + e.getMessage()));
    }

    private static Answer answer(HttpResponse<Buffer> r) {
        Buffer b = r.body();
        Object body = null;
        if (b != null && b.length() > 0) {
            try {
                body = Json.decodeValue(b);
            } catch (RuntimeException notJson) {
                body = null;
            }
        }
        return new Answer(r.statusCode(), body, null);
    }

    public void close() {
        web.close();
    }
}
