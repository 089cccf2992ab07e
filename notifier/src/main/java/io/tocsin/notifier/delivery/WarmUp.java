package io.tocsin.notifier.delivery;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * What the first notification of a fresh process would otherwise pay, paid at start instead. In
 * a fresh JVM the first webhook call took 200-900 ms from send to arrival where the next ones
 * took 2-6 ms (BENCHMARKS.md, "First notification after group_wait", session 15): on its way
 * about 290 classes of Vert.x's HTTP client and Netty's HTTP codec are loaded, the pool's
 * endpoint is made, and the event loop's DNS resolver is created (with its UDP socket), which
 * Vert.x does on an event loop's first connection even to an IP literal.
 *
 * <p>Nothing reaches a destination: each destination's context makes one HTTP exchange with the
 * notifier's own port, which is bound before start and answers 503 until the routes are in place
 * (any answer will do). A warm-up that gets no answer ends at {@link #LIMIT}; start goes on
 * either way.
 */
final class WarmUp {
    /** The exchange's timeout: a warm-up never holds start longer than this. */
    static final Duration LIMIT = Duration.ofSeconds(5);

    private static final String PATH = "/-/healthy";

    private WarmUp() {}

    /** Warms every destination's path; completes (never fails) once each exchange has answered or timed out. */
    static Future<Void> run(Destinations destinations, WebClient http, String selfUrl) {
        return destinations.onEachContext(
                () -> http.getAbs(selfUrl + PATH).timeout(LIMIT.toMillis()).send());
    }

    /**
     * The notifier's own URL to warm against: a wildcard listen address stands for every local
     * one, loopback included.
     */
    static String selfUrl(String listenHost, int port) {
        String host = listenHost.isEmpty() || listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost;
        host = host.equals("::") || host.equals("[::]") ? "::1" : host;
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
