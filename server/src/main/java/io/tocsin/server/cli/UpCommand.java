package io.tocsin.server.cli;

import io.tocsin.console.Console;
import io.tocsin.console.ConsoleSettings;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.BrokerSupervisor;
import io.tocsin.server.broker.RestartPolicy;
import io.tocsin.server.cli.startup.Banner;
import io.tocsin.server.cli.startup.ConfigPreflight;
import io.tocsin.server.cli.startup.KafkaLogs;
import io.tocsin.server.cli.startup.Listener;
import io.tocsin.server.cli.startup.PortPreflight;
import io.tocsin.server.selfmon.SelfScrape;
import io.tocsin.server.watchdog.Watchdog;
import io.tocsin.server.watchdog.WatchdogSettings;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tocsin up}: every config file and port checked first (nothing started when one is wrong),
 * then the embedded broker in a child JVM (unless KAFKA_BOOTSTRAP names a cluster), supervised
 * (restarted with backoff when it dies; a clear exit when it cannot come back), then the
 * services; Ctrl-C stops them in order and the broker last.
 */
@Command(
        name = "up",
        description = {
            "Start Tocsin: embedded Kafka (unless KAFKA_BOOTSTRAP is set), ingest, rules and notifier.",
            "Config files and ports are checked first; settings are environment variables (see the README)."
        })
public final class UpCommand implements Callable<Integer> {
    /** The file Kafka's own log lines go to, under TOCSIN_DATA_DIR. */
    public static final String KAFKA_LOG = "kafka.log";

    /** Set once Ctrl-C (or SIGTERM) has stopped everything: the launcher must not call exit then. */
    public static final AtomicBoolean STOPPED_BY_SIGNAL = new AtomicBoolean();

    @Option(
            names = {"-v", "--verbose"},
            description = "Also show the Kafka clients' and Streams' own log lines (INFO) here; else they go to "
                    + "<data dir>/" + KAFKA_LOG + ".")
    boolean verbose;

    private final CliContext ctx;

    UpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * What would stop {@code up} before it starts anything, as the lines to print: every config
     * file's problem at file:line:col and a last line saying nothing started; else, when a port is
     * taken, the one line naming the first such port. Takes about as long as reading the files.
     */
    public static List<String> preflight(Map<String, String> env) {
        List<String> out = new ArrayList<>(ConfigPreflight.problems(env));
        List<Listener> listeners = List.of();
        try {
            listeners = Listener.of(new Env(env));
        } catch (IllegalArgumentException e) {
            out.add("tocsin: " + e.getMessage());
        }
        if (!out.isEmpty()) {
            out.add("tocsin: not started (" + out.size() + " problem(s) above)");
            return out;
        }
        // One line: a second ./tocsin up finds every port taken, and the first says it all.
        return PortPreflight.problems(listeners).stream().limit(1).toList();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = ctx.env();
        List<String> problems = preflight(env);
        if (!problems.isEmpty()) {
            problems.forEach(ctx.err()::println);
            return 1;
        }
        Env settings = new Env(env);
        List<Listener> listeners = Listener.of(settings);
        Path dataDir = settings.path(Setting.TOCSIN_DATA_DIR);
        Files.createDirectories(dataDir);
        Path kafkaLog = dataDir.resolve(KAFKA_LOG);
        KafkaLogs.toFile(kafkaLog, verbose);
        Logger log = LoggerFactory.getLogger(UpCommand.class);

        String bootstrap = settings.given(Setting.KAFKA_BOOTSTRAP).orElse(null);
        BrokerSupervisor broker = null;
        Path brokerLog = dataDir.resolve("broker.log");
        int replication;
        if (bootstrap == null) {
            BrokerConfig config = new BrokerConfig(
                    dataDir.resolve("kafka"),
                    settings.port(Setting.TOCSIN_BROKER_PORT),
                    settings.port(Setting.TOCSIN_CONTROLLER_PORT));
            log.info("starting the embedded Kafka broker on {} (data in {})", config.bootstrap(), config.dataDir());
            try {
                broker = BrokerSupervisor.start(
                        config, System.getProperty("java.class.path"), brokerLog, RestartPolicy.DEFAULT, reason -> {
                            // Without its broker Tocsin can only answer 503: say so and stop, so that
                            // whatever runs ./tocsin up (systemd, a terminal) sees it.
                            System.err.println("tocsin: " + reason + ". Stopping.");
                            System.exit(1);
                        });
            } catch (RuntimeException e) {
                String taken = PortPreflight.firstTaken(listeners);
                ctx.err()
                        .println(
                                taken != null
                                        ? taken
                                        : "tocsin: the embedded Kafka broker did not start: " + e.getMessage()
                                                + "; see " + brokerLog);
                return 1;
            }
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
            // Tocsin.start has stopped the services it started: a port taken now is someone else's.
            String taken = bindFailure(e) ? PortPreflight.firstTaken(listeners) : null;
            ctx.err().println(taken != null ? taken : "tocsin: Tocsin could not start: " + e.getMessage());
            if (broker != null) {
                broker.close();
            }
            return 1;
        }

        Console console;
        try {
            console = Console.start(ConsoleSettings.fromEnv(env, tocsin.notifierUrl(), tocsin.rulesUrl()));
        } catch (Exception e) {
            String taken = bindFailure(e) ? PortPreflight.firstTaken(listeners) : null;
            ctx.err().println(taken != null ? taken : "tocsin: the console could not start: " + e.getMessage());
            tocsin.close();
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
                            STOPPED_BY_SIGNAL.set(true);
                            log.info("stopping Tocsin");
                            try {
                                watchdog.close();
                                console.close();
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

        ctx.out()
                .print(Banner.text(new Banner.Facts(
                        tocsin.ingestUrl(),
                        tocsin.rulesUrl(),
                        tocsin.ruleCount(),
                        settings.string(Setting.TOCSIN_RULES_DIR),
                        tocsin.notifierUrl(),
                        console.url(),
                        bootstrap,
                        broker == null ? null : broker.pid(),
                        dataDir.toString(),
                        kafkaLog.toString(),
                        broker == null ? null : brokerLog.toString(),
                        verbose)));
        ctx.out().flush();
        stopped.await();
        return 0;
    }

    private static boolean bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
