package io.tocsin.tests.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The webhook receiver both systems notify in a side-by-side run: it counts the requests per path. */
public final class CountingReceiver {
    private CountingReceiver() {}

    /**
     * @param counts a counter per path; requests to other paths are answered and not counted
     * @return the receiver's base URL, {@code http://127.0.0.1:<port>}
     */
    public static String start(Vertx vertx, Map<String, AtomicInteger> counts) throws Exception {
        HttpServer receiver = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(b -> {
                    AtomicInteger n = counts.get(req.path());
                    if (n != null) {
                        n.incrementAndGet();
                    }
                    req.response().end();
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get();
        return "http://127.0.0.1:" + receiver.actualPort();
    }
}
