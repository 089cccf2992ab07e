package io.tocsin.server.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of child JVMs on loopback, each node broker and controller at once, the
 * controllers forming one quorum (a majority of them must run for anything to happen). What the
 * cluster tests kill and restart; each node keeps its ports and data directory across restarts.
 */
public final class BrokerCluster implements AutoCloseable {
    /** Three JVMs formatting, electing and registering at once: minutes on a loaded 2-core machine. */
    private static final long READY_MS = 300_000;

    private final List<BrokerConfig> configs;
    private final List<ChildBroker> nodes = new ArrayList<>();
    private final String classpath;
    private final Path dir;
    private final String heap;
    private final String clusterId = Uuid.randomUuid().toString();

    private BrokerCluster(List<BrokerConfig> configs, String classpath, Path dir, String heap) {
        this.configs = configs;
        this.classpath = classpath;
        this.dir = dir;
        this.heap = heap;
    }

    /** Launches every node, then waits until each answers (they need each other to elect a leader). */
    public static BrokerCluster start(Path dir, int size, String classpath, String heap) {
        int[] ports = IntStream.range(0, 2 * size).map(i -> freePort()).toArray();
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports[2 * i + 1])
                .collect(Collectors.joining(","));
        List<BrokerConfig> configs = IntStream.range(0, size)
                .mapToObj(i -> new BrokerConfig(
                        dir.resolve("node-" + (i + 1)).resolve("kafka"),
                        ports[2 * i],
                        ports[2 * i + 1],
                        i + 1,
                        voters,
                        size))
                .toList();
        BrokerCluster cluster = new BrokerCluster(configs, classpath, dir, heap);
        try {
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(cluster.launch(i));
            }
            cluster.nodes.forEach(n -> n.awaitReady(READY_MS));
            cluster.awaitNodes(size, 60_000);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Until the cluster's metadata lists this many brokers: before that, topics get fewer copies. */
    public void awaitNodes(int count, long timeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet: ask again
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "the cluster did not list " + count + " brokers within " + timeoutMs / 1000 + " s");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every node's client address: a client that finds one down asks the next. */
    public String bootstrap() {
        return configs.stream().map(BrokerConfig::bootstrap).collect(Collectors.joining(","));
    }

    public int size() {
        return configs.size();
    }

    /** Node {@code index} (0-based) with SIGKILL. */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    /** Starts node {@code index} again on its ports and data; returns once it answers. */
    public void restart(int index) {
        if (nodes.get(index).alive()) {
            throw new IllegalStateException("node " + (index + 1) + " is running");
        }
        ChildBroker node = launch(index);
        nodes.set(index, node);
        node.awaitReady(READY_MS);
    }

    public Path log(int index) {
        return dir.resolve("node-" + (index + 1) + ".log");
    }

    private ChildBroker launch(int index) {
        return ChildBroker.launch(configs.get(index), classpath, log(index), heap, clusterId);
    }

    /**
     * SIGKILL to every node: one by one, SIGTERM would leave the last node waiting for a quorum
     * that is gone. Restarting on the same data after this is the same as after a crash.
     */
    @Override
    public void close() {
        nodes.stream().filter(ChildBroker::alive).forEach(ChildBroker::kill);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
