package io.tocsin.notifier.api;

import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances of this notifier (from Streams' metadata: each advertises its API as
 * application.server), asked for their part of a GET answer. Each group has one owner, so the
 * whole answer is this instance's part plus theirs. An instance that does not answer is left out
 * and logged: a partial list beats no list while one instance restarts.
 */
public final class Peers {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    /** Marks a request as one instance asking another: answered from local groups only. */
    static final String LOCAL = "local";

    private final WebClient client;
    private final Supplier<List<String>> baseUrls;
    private final Duration timeout;

    /** @param baseUrls the other instances, e.g. {@code http://10.0.0.7:9472}; never this one */
    public Peers(WebClient client, Supplier<List<String>> baseUrls, Duration timeout) {
        this.client = client;
        this.baseUrls = baseUrls;
        this.timeout = timeout;
    }

    /** Whether any other instance advertises its API now. */
    boolean any() {
        return !baseUrls.get().isEmpty();
    }

    /**
     * Each other instance's JSON array answer to {@code path?query&local=true}, asked with the
     * caller's Authorization (the instances share the control tokens), or none.
     */
    Future<List<JsonArray>> ask(String path, String query, String authorization) {
        List<String> urls = baseUrls.get();
        if (urls.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String q = (query == null || query.isEmpty() ? "" : query + "&") + LOCAL + "=true";
        List<Future<JsonArray>> answers = new ArrayList<>();
        for (String base : urls) {
            var request = client.getAbs(base + path + "?" + q).timeout(timeout.toMillis());
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            answers.add(request.send().map(r -> parse(base, r)).otherwise(e -> {
                log.warn("instance {} did not answer {}: {}; answering without its groups", base, path, e.getMessage());
                return null;
            }));
        }
        return Future.all(answers).map(all -> {
            List<JsonArray> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                JsonArray a = all.resultAt(i);
                if (a != null) {
                    out.add(a);
                }
            }
            return out;
        });
    }

    private static JsonArray parse(String base, HttpResponse<Buffer> r) {
        if (r.statusCode() != 200) {
            throw new BadRequest(503, "instance " + base + " answered " + r.statusCode(), 1);
        }
        return r.bodyAsJsonArray();
    }
}
