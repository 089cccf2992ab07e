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

    @Override
    public void beforeAll(ExtensionContext context) {
        bootstrap();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("tocsin-broker", k -> (ExtensionContext.Store.CloseableResource) KafkaBroker::stop);
    }

    public static synchronized String bootstrap() {
        if (broker == null) {
            Path dir = Path.of("target", "kafka-" + UUID.randomUUID(), "log");
            broker = EmbeddedBroker.start(new BrokerConfig(dir, freePort(), freePort()));
        }
        return broker.bootstrap();
    }

    private static synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
