package io.tocsin.server.broker;

import java.nio.file.Path;
import java.util.Properties;

/**
 * server.properties for a KRaft node (broker and controller in one), built in one place for the
 * child-JVM broker of {@code ./tocsin up}, the in-process broker of the tests and each node of a
 * {@link BrokerCluster}.
 *
 * @param voters      controller.quorum.voters: every node's {@code id@host:controllerPort}
 * @param clusterSize how many nodes: internal topics get min(size, 3) copies, 2 of them in sync
 *                    once there are 3
 */
public record BrokerConfig(Path dataDir, int port, int controllerPort, int nodeId, String voters, int clusterSize) {

    /** The single node of {@code ./tocsin up} and the tests: node 1, its own quorum. */
    public BrokerConfig(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, 1, "1@127.0.0.1:" + controllerPort, 1);
    }

    int replicas() {
        return Math.min(clusterSize, 3);
    }

    int minInsync() {
        return replicas() >= 3 ? 2 : 1;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", "4");
        p.put("default.replication.factor", String.valueOf(replicas()));
        p.put("min.insync.replicas", String.valueOf(minInsync()));
        p.put("auto.create.topics.enable", "false");
        // Every internal topic must fit on the nodes there are, or exactly_once_v2 never reaches
        // RUNNING on one broker (stack.md trap 5); on three they survive the loss of one.
        p.put("offsets.topic.replication.factor", String.valueOf(replicas()));
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas()));
        p.put("transaction.state.log.min.isr", String.valueOf(minInsync()));
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas()));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(minInsync()));
        p.put("group.initial.rebalance.delay.ms", "0");
        // A client killed mid-transaction under a transactional id nobody reuses (a Streams
        // instance restarted on an empty state dir gets a new one) leaves it open until
        // transaction.timeout.ms (10 s in Streams) and then until the coordinator's next sweep,
        // 10 s apart by default: read_committed readers, changelog restores included, wait for it.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // After a kill -9 the restarted broker would otherwise wait 9 s for its own old session.
        // In a cluster Kafka's 9 s stay: there a dead node's partitions move to the others once its
        // session ends, and a 3 s session fences live nodes whose heartbeats a loaded machine
        // delays (seen on 2 cores: leaders moving, transactions stuck in CONCURRENT_TRANSACTIONS).
        p.put("broker.session.timeout.ms", clusterSize > 1 ? "9000" : "3000");
        p.put("broker.heartbeat.interval.ms", clusterSize > 1 ? "2000" : "1000");
        // Threads for the cores of the machines Tocsin runs on (2 here), not for a broker with a
        // disk array: Kafka's defaults start 3 network, 8 request (and 8 controller request), 10
        // background and 4 group-coordinator threads, each waking several times a second.
        // Several nodes of a cluster share the same cores too.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("group.coordinator.threads", "1");
        p.put("share.coordinator.threads", "1");
        // The log cleaner (compacted changelogs, offsets, transactions) keeps its dedupe map on
        // the heap: 128 MB by default, most of an idle broker's heap. 16 MB maps ~700k keys per
        // pass, far more than Tocsin's changelogs hold.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // The active controller writes a no-op record to the metadata log every 500 ms by default
        // so that the other voters and the brokers see it alive and its high watermark move
        // (KIP-835): each one a flushed append and a pass of the metadata loader. A single node
        // has nobody to tell; a cluster keeps Kafka's pace.
        p.put("metadata.max.idle.interval.ms", clusterSize > 1 ? "500" : "5000");
        return p;
    }
}
