package io.tocsin.server.cli;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.BrokerSupervisor;
import io.tocsin.server.broker.RestartPolicy;
import io.tocsin.server.selfmon.SelfScrape;
import io.tocsin.server.watchdog.Watchdog;
import io.tocsin.server.watchdog.WatchdogSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tocsin up}: the embedded broker in a child JVM (unless KAFKA_BOOTSTRAP names a cluster),
 * supervised (restarted with backoff when it dies; a clear exit when it cannot come back), then the
 * three services; Ctrl-C stops them in order and the broker last.
 */
public final class UpCommand {
    private UpCommand() {}

    public static int run(Map<String, String> env) throws Exception {
        Logger log = LoggerFactory.getLogger(UpCommand.class);
        Env settings = new Env(env);
        Path dataDir = settings.path(Setting.TOCSIN_DATA_DIR);
        String bootstrap = settings.given(Setting.KAFKA_BOOTSTRAP).orElse(null);
        BrokerSupervisor broker = null;
        int replication;
        if (bootstrap == null) {
            BrokerConfig config = new BrokerConfig(
                    dataDir.resolve("kafka"),
                    settings.port(Setting.TOCSIN_BROKER_PORT),
                    settings.port(Setting.TOCSIN_CONTROLLER_PORT));
            log.info("starting the embedded Kafka broker on {} (data in {})", config.bootstrap(), config.dataDir());
            Path brokerLog = dataDir.resolve("broker.log");
            broker = BrokerSupervisor.start(
                    config, System.getProperty("java.class.path"), brokerLog, RestartPolicy.DEFAULT, reason -> {
                        // Without its broker Tocsin can only answer 503: say so and stop, so that
                        // whatever runs ./tocsin up (systemd, a terminal) sees it.
                        System.err.println("tocsin: " + reason + ". Stopping.");
                        System.exit(1);
                    });
            bootstrap = broker.bootstrap();
            replication = 1;
        } else {
            replication = settings.integer(Setting.TOCSIN_REPLICATION_FACTOR);
        }

        Tocsin tocsin;
        try {
            tocsin = Tocsin.start(
                    TocsinOptions.fromEnv(SelfScrape.apply(env, dataDir), bootstrap, dataDir, replication));
        } catch (Exception e) {
            log.error("Tocsin could not start: {}", e.getMessage());
            if (broker != null) {
                broker.close();
            }
            return 1;
        }

        AutoCloseable watchdog = Watchdog.startOrLog(
                WatchdogSettings.fromEnv(env).withIngest(URI.create(tocsin.ingestUrl())), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        BrokerSupervisor ownedBroker = broker;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping Tocsin");
                            try {
                                watchdog.close();
                                tocsin.close();
                            } catch (Exception e) {
                                log.warn("a service did not stop cleanly: {}", e.toString());
                            }
                            if (ownedBroker != null) {
                                ownedBroker.close();
                            }
                            stopped.countDown();
                        },
                        "tocsin-shutdown"));

        System.out.printf(
                """

                Tocsin is up.
                  ingest    %s   POST /v1/samples
                  rules     %s   %d rules from %s
                  notifier  %s
                  kafka     %s%s
                  health    /health on each service; metrics /metrics
                Press Ctrl-C to stop.

                """,
                tocsin.ingestUrl(),
                tocsin.rulesUrl(),
                tocsin.ruleCount(),
                settings.string(Setting.TOCSIN_RULES_DIR),
                tocsin.notifierUrl(),
                bootstrap,
                broker == null ? " (external)" : " (embedded, pid " + broker.pid() + ", data in " + dataDir + ")");
        stopped.await();
        return 0;
    }
}
