package io.tocsin.notifier.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The HTTP client the channels send through. Vert.x pools at most 5 HTTP/1 connections per
 * host by default, so a destination's {@value Destination#IN_FLIGHT} calls at once queued for 5
 * connections and its throughput was 5 round trips at a time: on a loaded 2-core machine, where
 * each round trip waits for CPU on both ends, 100-400 notifications/s with every alert its own
 * group, while the decisions were ready seconds earlier. Alertmanager sends each group from its
 * own goroutine with no cap on connections per host. The pool now holds as many connections per
 * host as several destinations' calls at once, so destinations that share a host do not queue
 * behind each other's slots.
 */
public final class DeliveryHttp {
    /** Connections per host (scheme, host and port): four destinations' worth of calls at once. */
    static final int CONNECTIONS_PER_HOST = 4 * Destination.IN_FLIGHT;

    private DeliveryHttp() {}

    public static WebClient client(Vertx vertx) {
        return WebClient.create(
                vertx,
                new WebClientOptions().setUserAgent("tocsin-notifier"),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_HOST));
    }
}
