package io.tocsin.server.cli.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * JSON over HTTP to a running service, as the console and amtool call it: a Bearer token when
 * one is given, an error answer turned into one line ({@code GET /path: 404 no record ...}).
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final String token;

    /** @param token null: no Authorization header */
    public ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    /** The body of a 2xx answer to GET {@code pathAndQuery}. */
    public String get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    public String post(String path, String json) {
        return send("POST", path, json);
    }

    public String delete(String path) {
        return send("DELETE", path, null);
    }

    private String send(String method, String pathAndQuery, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        String what = method + " " + pathOnly(pathAndQuery);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach " + base + " (is ./tocsin up running? --notifier names another)");
        } catch (HttpTimeoutException e) {
            throw new ApiException(0, what + ": no answer from " + base + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new ApiException(0, what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, what + ": interrupted");
        }
        if (r.statusCode() / 100 != 2) {
            throw new ApiException(r.statusCode(), what + ": " + r.statusCode() + " " + reason(r.body()));
        }
        return r.body();
    }

    /** The {"error": "..."} of Tocsin's answers, else the body's first line. */
    static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            Object error = new JsonObject(body).getValue("error");
            if (error instanceof String s && !s.isBlank()) {
                return s;
            }
        } catch (DecodeException | ClassCastException e) {
            // not JSON: shown as text
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }
}
