package io.tocsin.tests.bench;

import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.ChildBroker;
import io.tocsin.server.broker.EmbeddedBroker;
import io.tocsin.tests.notifier.RealAlertmanager;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * One block of {@link AlertmanagerSideBySide}: a fresh notifier on a broker of its own and a fresh
 * Alertmanager, both warmed with the same 2,000 alerts.
 */
record SideBySidePair(
        BenchNotifier tocsin, String am, RealAlertmanager alertmanager, AutoCloseable broker, String bootstrap)
        implements AutoCloseable {
    SideBySidePair(BenchNotifier tocsin, RealAlertmanager alertmanager, AutoCloseable broker, String bootstrap) {
        this(tocsin, alertmanager.url, alertmanager, broker, bootstrap);
    }

    /**
     * @param routes the route tree, its webhook URL left as {@code %s}
     * @param hookBase the counting receiver; Tocsin's notifications go to /tocsin, Alertmanager's to /am
     */
    static SideBySidePair start(Vertx vertx, Path dir, String block, String routes, String hookBase) throws Exception {
        // A broker of its own per block: a new notifier reads the alerts topic from its
        // start, so on a shared broker the emit and hold blocks first re-read every alert
        // the blocks before them posted (tens of thousands), and measured that.
        // The hold block's broker runs in a JVM of its own (as `./tocsin up` runs it), so
        // that this JVM's heap is the notifier's (and the driver's) alone when the memory
        // per held alert is measured.
        AutoCloseable brokerProcess;
        String bootstrap;
        if (block.equals("hold")) {
            ChildBroker child = ChildBroker.start(
                    new BrokerConfig(dir.resolve(block + "-kafka/log"), port(), port()),
                    System.getProperty("java.class.path"),
                    dir.resolve(block + "-kafka/broker.log"));
            brokerProcess = child;
            bootstrap = child.bootstrap();
        } else {
            EmbeddedBroker embedded =
                    EmbeddedBroker.start(new BrokerConfig(dir.resolve(block + "-kafka/log"), port(), port()));
            brokerProcess = embedded;
            bootstrap = embedded.bootstrap();
        }
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        SideBySidePair p = new SideBySidePair(
                BenchNotifier.start(vertx, bootstrap, routes.formatted(hookBase + "/tocsin"), dir.resolve(block)),
                RealAlertmanager.start(routes.formatted(hookBase + "/am"), dir.resolve(block + "-am")),
                brokerProcess,
                bootstrap);
        // Warm-up, not measured: connections, JIT, the first flushes.
        for (String url : List.of(p.tocsin.url(), p.am)) {
            AlertPosts.Posted w = AlertPosts.post(url, 2, "warm-" + block, "own", 2_000, 10);
            AlertPosts.visible(url, "warm-" + block, w.alerts(), 30);
        }
        return p;
    }

    @Override
    public void close() throws Exception {
        try {
            tocsin.close();
        } finally {
            try {
                alertmanager.close();
            } finally {
                broker.close();
            }
        }
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
