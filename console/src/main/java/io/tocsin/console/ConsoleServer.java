package io.tocsin.console;

import io.tocsin.console.source.ApiClient;
import io.tocsin.console.web.ConsoleRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console: a web server on its own port that reads the notifier's and the rules
 * service's JSON APIs (as karma reads Alertmanager's) and renders HTML; its forms are forwarded to
 * the same API paths amtool and the CLI use, with the console's token.
 */
public final class ConsoleServer {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    private final Vertx vertx;
    private final ConsoleSettings settings;
    private ApiClient notifier;
    private ApiClient rules;
    private HttpServer server;

    public ConsoleServer(Vertx vertx, ConsoleSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    /** @return the port it listens on; fails when asked to listen beyond loopback without TOCSIN_ALLOW_UNAUTHENTICATED */
    public Future<Integer> start() {
        if (!settings.loopback() && !settings.anyHost()) {
            return Future.failedFuture(
                    new IllegalStateException("the console acts with its token for whoever reaches it: "
                            + "it listens on " + settings.host()
                            + " only with TOCSIN_ALLOW_UNAUTHENTICATED=true (put an authenticating proxy in front)"));
        }
        notifier = new ApiClient(vertx, settings.notifierUrl(), settings.token());
        rules = new ApiClient(vertx, settings.rulesUrl(), settings.token());
        return vertx.createHttpServer()
                .requestHandler(ConsoleRoutes.router(vertx, notifier, rules, Clock.systemUTC()))
                .listen(settings.port(), settings.host())
                .map(s -> {
                    server = s;
                    log.info("console on http://{}:{}/", settings.host(), s.actualPort());
                    return s.actualPort();
                });
    }

    public Future<Void> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.onComplete(v -> {
            if (notifier != null) {
                notifier.close();
                rules.close();
            }
        });
    }
}
