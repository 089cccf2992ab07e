package io.tocsin.ops;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster every second who it is (describeCluster, a short timeout), so that readiness
 * goes down within {@link #STALE_AFTER} of losing Kafka and comes back by itself
 * once Kafka answers again. The call is asynchronous: nothing waits on the event loop.
 */
public final class KafkaProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaProbe.class);

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofMillis(2500);
    /**
     * No answer for this long means Kafka is away. The last answer came before the loss, so
     * readiness is down at most this long after it (under the promised 5 s); it is longer than
     * one probe's timeout plus its interval, so one slow answer on a busy machine does not flap it.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(4);

    private final Vertx vertx;
    private final Admin admin;
    private final Clock clock;
    private final AtomicBoolean asking = new AtomicBoolean();
    private final long timer;
    private final Instant startedAt;
    private volatile Instant lastAnswer;
    private volatile String lastProblem;
    private volatile boolean reachable;
    private volatile Runnable onBack = () -> {};

    private KafkaProbe(Vertx vertx, Admin admin, Clock clock) {
        this.vertx = vertx;
        this.admin = admin;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.timer = vertx.setPeriodic(1, INTERVAL.toMillis(), id -> ask());
    }

    /** Starts probing {@code bootstrap} at once and every second until {@link #close}. */
    public static KafkaProbe start(Vertx vertx, String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        // Reconnect quickly once the broker is back, so that readiness returns within a second or two.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return new KafkaProbe(vertx, Admin.create(p), Clock.systemUTC());
    }

    private void ask() {
        if (!asking.compareAndSet(false, true)) {
            return; // the previous question is still out; its timeout bounds it
        }
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .clusterId()
                .whenComplete((id, e) -> {
                    if (e == null) {
                        lastAnswer = clock.instant();
                        lastProblem = null;
                    } else {
                        lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    asking.set(false);
                    noteTransition();
                });
    }

    /** Logs once per change, not once per probe. */
    private void noteTransition() {
        boolean now = check().up();
        if (now != reachable) {
            reachable = now;
            if (now) {
                log.info("Kafka is reachable");
                onBack.run();
            } else if (lastAnswer != null) {
                log.warn("Kafka is unreachable: {}", check().detail());
            }
        }
    }

    /** Runs {@code action} each time Kafka answers again after being away (on a Kafka client thread: keep it short). */
    public KafkaProbe onReachable(Runnable action) {
        this.onBack = action;
        return this;
    }

    /** The "kafka-reachable" readiness check. */
    public Health.Check check() {
        return Reachability.judge(lastAnswer, lastProblem, clock.instant(), STALE_AFTER);
    }

    /**
     * False once Kafka has not answered for {@link #STALE_AFTER}: writers then refuse at once (503)
     * rather than wait for timeouts. Right after start, before the first answer, Kafka gets the same
     * grace (readiness still says "not answered yet"), so that the first writes are not refused.
     */
    public boolean reachable() {
        Instant last = lastAnswer;
        return Reachability.judge(last == null ? startedAt : last, lastProblem, clock.instant(), STALE_AFTER)
                .up();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        admin.close(Duration.ofSeconds(2));
    }
}
