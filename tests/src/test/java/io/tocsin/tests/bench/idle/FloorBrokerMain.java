package io.tocsin.tests.bench.idle;

import io.tocsin.server.broker.BrokerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The single broker of {@code ./tocsin up} with some of its properties changed, for the floor's
 * rungs that try a broker setting: BrokerConfig's properties for node 1, then every
 * {@code --set NAME=VALUE}; formatted and started as EmbeddedBroker does, and stopped, as
 * BrokerMain is, when the parent closes our stdin. Without a {@code --set} the driver starts
 * BrokerMain itself through ChildBroker.
 */
public final class FloorBrokerMain {
    private FloorBrokerMain() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(RunSupport.values(args, "--data-dir").get(0));
        int port = (int) RunSupport.option(args, "--port", 9492);
        int controllerPort = (int) RunSupport.option(args, "--controller-port", 9493);
        Properties p = new BrokerConfig(dataDir, port, controllerPort).toProperties();
        for (Map.Entry<String, String> e : RunSupport.pairs(args, "--set").entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        format(dataDir, p);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }));
        System.out.println("BROKER READY 127.0.0.1:" + port + " with " + RunSupport.pairs(args, "--set"));
        System.out.flush();
        Thread watchdog = new Thread(
                () -> {
                    try {
                        while (System.in.read(new byte[64]) >= 0) {
                            // the parent never writes
                        }
                    } catch (IOException gone) {
                        // the same as EOF
                    }
                    System.exit(0);
                },
                "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void format(Path dir, Properties p) throws IOException {
        Files.createDirectories(dir);
        Path props = dir.getParent().resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(props)) {
            p.store(out, "bench.IdleFloor");
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] format = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", props.toString()};
        if (StorageTool.execute(format, new PrintStream(captured, true, StandardCharsets.UTF_8)) != 0) {
            throw new IllegalStateException("formatting " + dir + " failed: " + captured);
        }
    }
}
