package io.tocsin.server.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded broker of {@code ./tocsin up} running: when its JVM dies it is started again
 * on the same ports and data after the {@link RestartPolicy}'s backoff, each restart logged; when
 * it cannot come back, {@code onGiveUp} hears why (the launcher then exits with that message).
 * The services keep running meanwhile: their readiness says DOWN and comes back with the broker.
 */
public final class BrokerSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerSupervisor.class);

    private final BrokerConfig config;
    private final String classpath;
    private final Path logFile;
    private final RestartPolicy policy;
    private final Consumer<String> onGiveUp;
    private final Thread watcher;
    private ChildBroker current;
    private boolean stopping;
    private int restarts;

    private BrokerSupervisor(
            ChildBroker first,
            BrokerConfig config,
            String classpath,
            Path logFile,
            RestartPolicy policy,
            Consumer<String> onGiveUp) {
        this.current = first;
        this.config = config;
        this.classpath = classpath;
        this.logFile = logFile;
        this.policy = policy;
        this.onGiveUp = onGiveUp;
        this.watcher = new Thread(this::watch, "broker-supervisor");
        this.watcher.setDaemon(true);
    }

    /** Starts the broker (failing as {@link ChildBroker#start} does when it cannot), then watches it. */
    public static BrokerSupervisor start(
            BrokerConfig config, String classpath, Path logFile, RestartPolicy policy, Consumer<String> onGiveUp) {
        ChildBroker first = ChildBroker.start(config, classpath, logFile);
        BrokerSupervisor supervisor = new BrokerSupervisor(first, config, classpath, logFile, policy, onGiveUp);
        supervisor.watcher.start();
        return supervisor;
    }

    public String bootstrap() {
        return config.bootstrap();
    }

    public synchronized long pid() {
        return current.pid();
    }

    /** How many times the broker was started again. */
    public synchronized int restarts() {
        return restarts;
    }

    private void watch() {
        int failures = 0;
        try {
            while (true) {
                ChildBroker child = current();
                int code = child.waitForExit();
                if (stopping()) {
                    return;
                }
                Duration uptime = Duration.between(child.readyAt(), Instant.now());
                failures = policy.failuresAfterDeath(failures, uptime);
                log.warn(
                        "the embedded Kafka broker (pid {}) exited with code {} after {} s up; see {}",
                        child.pid(),
                        code,
                        uptime.toSeconds(),
                        logFile);
                failures = restartOrGiveUp(failures);
                if (failures < 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() while waiting: nothing more to watch
        }
    }

    /** Tries until a start succeeds (returns the failure count) or the policy gives up (returns -1). */
    private int restartOrGiveUp(int failures) throws InterruptedException {
        while (true) {
            RestartPolicy.Decision decision = policy.next(failures);
            if (decision instanceof RestartPolicy.GiveUp giveUp) {
                String message =
                        "the embedded Kafka broker cannot be kept running: " + giveUp.reason() + "; see " + logFile;
                log.error(message);
                onGiveUp.accept(message);
                return -1;
            }
            RestartPolicy.Restart restart = (RestartPolicy.Restart) decision;
            log.warn(
                    "restarting the embedded Kafka broker in {} ms (attempt {} of {})",
                    restart.after().toMillis(),
                    restart.attempt(),
                    policy.maxFailuresInARow());
            Thread.sleep(restart.after().toMillis());
            if (stopping()) {
                return -1;
            }
            try {
                ChildBroker child = ChildBroker.start(config, classpath, logFile);
                if (!adopt(child)) {
                    child.close();
                    return -1;
                }
                log.info("the embedded Kafka broker is back (pid {}, restart {})", child.pid(), restarts());
                return failures;
            } catch (RuntimeException e) {
                if (stopping()) {
                    return -1;
                }
                log.warn("restarting the embedded Kafka broker failed: {}", e.getMessage());
                failures++;
            }
        }
    }

    private synchronized ChildBroker current() {
        return current;
    }

    private synchronized boolean stopping() {
        return stopping;
    }

    /** Takes a newly started broker on, unless close() came first. */
    private synchronized boolean adopt(ChildBroker child) {
        if (stopping) {
            return false;
        }
        current = child;
        restarts++;
        return true;
    }

    /** Stops watching, then stops the broker (SIGTERM, as {@link ChildBroker#close} does). */
    @Override
    public void close() {
        ChildBroker child;
        synchronized (this) {
            stopping = true;
            child = current;
        }
        child.close();
        watcher.interrupt();
    }
}
