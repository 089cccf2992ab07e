package io.tocsin.server.broker;

import java.nio.file.Path;
import java.util.Properties;

/**
 * server.properties for a single-node KRaft broker, built in one place for both the child-JVM
 * broker of {@code ./tocsin up} and the in-process broker of the tests.
 */
public record BrokerConfig(Path dataDir, int port, int controllerPort) {

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        // One broker: every internal topic must fit on it, or exactly_once_v2 never reaches
        // RUNNING (stack.md trap 5).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A client killed mid-transaction under a transactional id nobody reuses (a Streams
        // instance restarted on an empty state dir gets a new one) leaves it open until
        // transaction.timeout.ms (10 s in Streams) and then until the coordinator's next sweep,
        // 10 s apart by default: read_committed readers, changelog restores included, wait for it.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // After a kill -9 the restarted broker would otherwise wait 9 s for its own old session.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        return p;
    }
}
