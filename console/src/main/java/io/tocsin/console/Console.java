package io.tocsin.console;

import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The console in its own Vert.x instance, started and stopped as one: what {@code ./tocsin up} runs. */
public final class Console implements AutoCloseable {
    private final Vertx vertx;
    private final ConsoleServer server;
    private final String url;

    private Console(Vertx vertx, ConsoleServer server, String url) {
        this.vertx = vertx;
        this.server = server;
        this.url = url;
    }

    /** Blocks until it listens; throws (with its own Vert.x closed) when it cannot. */
    public static Console start(ConsoleSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        ConsoleServer server = new ConsoleServer(vertx, settings);
        try {
            int port = server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new Console(vertx, server, "http://" + settings.host() + ":" + port + "/");
        } catch (ExecutionException e) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
