package io.tocsin.server.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the child JVM that holds the broker in one-process mode. It exits when its
 * parent does: the parent keeps our stdin open, so end-of-file means the parent is gone, even
 * after a kill -9 that runs no shutdown hook.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) {
        // Ctrl-C goes to the whole process group; the parent stops us last, after its services.
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {});
        Path dataDir = Path.of(arg(args, "--data-dir", "data/kafka"));
        int port = Integer.parseInt(arg(args, "--port", "9492"));
        int controllerPort = Integer.parseInt(arg(args, "--controller-port", "9493"));

        // A node of a cluster names its id, the quorum and the id the cluster is formatted with.
        int nodeId = Integer.parseInt(arg(args, "--node-id", "1"));
        String voters = arg(args, "--voters", "1@127.0.0.1:" + controllerPort);
        int clusterSize = Integer.parseInt(arg(args, "--cluster-size", "1"));
        String clusterId = arg(args, "--cluster-id", Uuid.randomUuid().toString());

        EmbeddedBroker broker = EmbeddedBroker.start(
                new BrokerConfig(dataDir, port, controllerPort, nodeId, voters, clusterSize), clusterId);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("BROKER READY " + broker.bootstrap());
        System.out.flush();

        Thread watchdog = new Thread(
                () -> {
                    waitForEof(System.in);
                    System.exit(0);
                },
                "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void waitForEof(InputStream in) {
        byte[] buf = new byte[64];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as EOF: the parent is gone
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
