package io.tocsin.tests;

import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process KRaft broker per test JVM, started on first use on free ports with its data
 * under target/, and stopped when the JVM's test run ends. Tests isolate themselves with unique
 * application ids, never with a broker of their own.
 */
public final class KafkaBroker implements BeforeAllCallback {
    private static EmbeddedBroker broker;
    /** Kept while the broker is stopped by a test, so that it restarts on the same ports and data. */
    private static BrokerConfig config;

    @Override
    public void beforeAll(ExtensionContext context) {
        bootstrap();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("tocsin-broker", k ->
                (ExtensionContext.Store.CloseableResource) KafkaBroker::stop);
    }

    public static synchronized String bootstrap() {
        if (config == null) {
            Path dir = Path.of("target", "kafka-" + UUID.randomUUID(), "log");
            config = new BrokerConfig(dir, freePort(), freePort());
            broker = EmbeddedBroker.start(config);
        }
        return config.bootstrap();
    }

    /**
     * Shuts the broker down cleanly, keeping its data, so that a test can watch clients through
     * an outage. The test must call {@link #restartBroker} (in a finally block): until then the
     * address {@link #bootstrap} returns answers nothing.
     */
    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the broker stopped by {@link #stopBroker} again, on the same ports and data; waits until it answers. */
    public static synchronized void restartBroker() {
        if (broker == null && config != null) {
            broker = EmbeddedBroker.start(config);
        }
    }

    private static synchronized void stop() {
        stopBroker();
        config = null;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
