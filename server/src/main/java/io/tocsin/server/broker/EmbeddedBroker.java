package io.tocsin.server.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/** A KRaft node (broker and controller) running in this JVM: alone, or one of a {@link BrokerCluster}. */
public final class EmbeddedBroker implements AutoCloseable {
    private final BrokerConfig config;
    private final KafkaRaftServer server;

    private EmbeddedBroker(BrokerConfig config, KafkaRaftServer server) {
        this.config = config;
        this.server = server;
    }

    /** Formats the data directory on first use, starts the broker and waits until it answers. */
    public static EmbeddedBroker start(BrokerConfig config) {
        return start(config, Uuid.randomUuid().toString());
    }

    /** @param clusterId used only to format a new data directory; every node of a cluster shares it */
    public static EmbeddedBroker start(BrokerConfig config, String clusterId) {
        formatIfNeeded(config, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config.toProperties(), false), Time.SYSTEM);
        server.startup();
        EmbeddedBroker broker = new EmbeddedBroker(config, server);
        broker.awaitReady(60_000);
        return broker;
    }

    public String bootstrap() {
        return config.bootstrap();
    }

    public BrokerConfig config() {
        return config;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void formatIfNeeded(BrokerConfig config, String clusterId) {
        Path dir = config.dataDir();
        if (Files.exists(dir.resolve("meta.properties"))) {
            return; // --ignore-formatted would still insist on the same cluster id (trap 4)
        }
        try {
            Files.createDirectories(dir);
            Path props = dir.getParent().resolve("server.properties");
            Properties p = config.toProperties();
            try (OutputStream out = Files.newOutputStream(props)) {
                p.store(out, "written by Tocsin; regenerated at every start");
            }
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            String[] args = {"format", "--cluster-id", clusterId, "--config", props.toString()};
            int rc = StorageTool.execute(args, new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException(
                        "formatting " + dir + " failed: " + captured.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker data directory " + dir, e);
        }
    }

    private void awaitReady(long timeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("broker on " + bootstrap() + " did not answer", e);
                    }
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            }
        }
    }
}
