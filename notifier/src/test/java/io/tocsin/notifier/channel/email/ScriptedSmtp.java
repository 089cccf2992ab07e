package io.tocsin.notifier.channel.email;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP server that is having a bad day, for the failures GreenMail cannot produce: it greets
 * every connection with one fixed reply (RFC 5321 §3.1 lets a server refuse service in its
 * greeting: {@code 421 … Service not available} is transient, {@code 554} permanent), or with
 * nothing at all when {@code reply} is null (a server that hangs).
 */
public final class ScriptedSmtp implements AutoCloseable {
    private final NetServer server;
    private final List<NetSocket> open = new CopyOnWriteArrayList<>();

    private ScriptedSmtp(Vertx vertx, String reply) {
        server = vertx.createNetServer().connectHandler(socket -> {
            open.add(socket);
            if (reply != null) {
                socket.write(reply + "\r\n");
                // After the greeting the client says QUIT; answer it and hang up.
                socket.handler(data -> socket.write("221 2.0.0 bye\r\n").onComplete(v -> socket.close()));
            }
        });
    }

    public static ScriptedSmtp start(Vertx vertx, String reply) {
        ScriptedSmtp s = new ScriptedSmtp(vertx, reply);
        try {
            s.server
                    .listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("scripted SMTP did not start", e);
        }
        return s;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        open.forEach(NetSocket::close);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("scripted SMTP did not stop", e);
        }
    }
}
