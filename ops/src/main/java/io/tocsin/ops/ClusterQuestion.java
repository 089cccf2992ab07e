package io.tocsin.ops;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The once-a-second "who are you?" to one cluster, asked once per process however many services
 * watch it: {@code ./tocsin up} runs ingest, rules and notifier on one Vert.x, and three probes of
 * the same broker were three admin clients, three timers and three requests a second for one
 * answer (issue 20). Each {@link KafkaProbe} is a handle on the question for its (Vert.x,
 * bootstrap); the last handle closed stops it.
 */
final class ClusterQuestion {
    private static final Logger log = LoggerFactory.getLogger(ClusterQuestion.class);

    /** Keyed by Vert.x instance and bootstrap: one question per cluster per process. */
    private static final Map<Key, ClusterQuestion> OPEN = new HashMap<>();

    private record Key(Vertx vertx, String bootstrap) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.vertx == vertx && k.bootstrap.equals(bootstrap);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(vertx) * 31 + bootstrap.hashCode();
        }
    }

    private final Key key;
    private final Vertx vertx;
    private final Admin admin;
    private final Clock clock;
    private final AtomicBoolean asking = new AtomicBoolean();
    private final List<KafkaProbe> handles = new CopyOnWriteArrayList<>();
    private final long timer;
    private volatile Instant lastAnswer;
    private volatile String lastProblem;
    private volatile boolean reachable;

    private ClusterQuestion(Key key, Admin admin, Clock clock) {
        this.key = key;
        this.vertx = key.vertx();
        this.admin = admin;
        this.clock = clock;
        this.timer = vertx.setPeriodic(1, KafkaProbe.INTERVAL.toMillis(), id -> ask());
    }

    /** The question for this cluster on this Vert.x, started at once if none is open, with {@code handle} attached. */
    static synchronized ClusterQuestion attach(Vertx vertx, String bootstrap, String clientId, KafkaProbe handle) {
        Key key = new Key(vertx, bootstrap);
        ClusterQuestion q =
                OPEN.computeIfAbsent(key, k -> new ClusterQuestion(k, admin(bootstrap, clientId), Clock.systemUTC()));
        q.handles.add(handle);
        return q;
    }

    /** How many questions are open in this process (for tests). */
    static synchronized int open() {
        return OPEN.size();
    }

    private static Admin admin(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(KafkaProbe.TIMEOUT.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(KafkaProbe.TIMEOUT.toMillis()));
        // Reconnect quickly once the broker is back, so that readiness returns within a second or two.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(p);
    }

    private void ask() {
        if (!asking.compareAndSet(false, true)) {
            return; // the previous question is still out; its timeout bounds it
        }
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) KafkaProbe.TIMEOUT.toMillis()))
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

    /** Logs once per change, not once per probe; tells every handle when Kafka is back. */
    private void noteTransition() {
        boolean now = check().up();
        if (now != reachable) {
            reachable = now;
            if (now) {
                log.info("Kafka is reachable");
                handles.forEach(KafkaProbe::cameBack);
            } else if (lastAnswer != null) {
                log.warn("Kafka is unreachable: {}", check().detail());
            }
        }
    }

    Health.Check check() {
        return Reachability.judge(lastAnswer, lastProblem, clock.instant(), KafkaProbe.STALE_AFTER);
    }

    /** When the cluster last answered, or {@code otherwise} if it never has. */
    Instant lastAnswerOr(Instant otherwise) {
        Instant last = lastAnswer;
        return last == null ? otherwise : last;
    }

    String lastProblem() {
        return lastProblem;
    }

    Instant now() {
        return clock.instant();
    }

    /** Detaches {@code handle}; the last one stops the question and closes its client. */
    void detach(KafkaProbe handle) {
        synchronized (ClusterQuestion.class) {
            handles.remove(handle);
            if (!handles.isEmpty() || OPEN.get(key) != this) {
                return;
            }
            OPEN.remove(key);
        }
        vertx.cancelTimer(timer);
        admin.close(Duration.ofSeconds(2));
    }
}
