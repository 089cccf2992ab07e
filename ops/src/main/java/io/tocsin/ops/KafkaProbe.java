package io.tocsin.ops;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * Asks the cluster every second who it is (describeCluster, a short timeout), so that readiness
 * goes down within {@link #STALE_AFTER} of losing Kafka and comes back by itself
 * once Kafka answers again. The call is asynchronous: nothing waits on the event loop. Services
 * of one process that probe the same cluster on the same Vert.x share one question
 * ({@link ClusterQuestion}); each keeps its own start time and its own "back" action.
 */
public final class KafkaProbe implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofMillis(2500);
    /**
     * No answer for this long means Kafka is away. The last answer came before the loss, so
     * readiness is down at most this long after it (under the promised 5 s); it is longer than
     * one probe's timeout plus its interval, so one slow answer on a busy machine does not flap it.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(4);

    private final ClusterQuestion question;
    private final Instant startedAt;
    private volatile Runnable onBack = () -> {};

    private KafkaProbe(Vertx vertx, String bootstrap, String clientId) {
        this.question = ClusterQuestion.attach(vertx, bootstrap, clientId, this);
        this.startedAt = question.now();
    }

    /**
     * Starts probing {@code bootstrap} at once and every second until {@link #close}, or joins
     * the probe of this process already asking it ({@code clientId} names the first one's client).
     */
    public static KafkaProbe start(Vertx vertx, String bootstrap, String clientId) {
        return new KafkaProbe(vertx, bootstrap, clientId);
    }

    /** Runs {@code action} each time Kafka answers again after being away (on a Kafka client thread: keep it short). */
    public KafkaProbe onReachable(Runnable action) {
        this.onBack = action;
        return this;
    }

    void cameBack() {
        onBack.run();
    }

    /** The "kafka-reachable" readiness check. */
    public Health.Check check() {
        return question.check();
    }

    /**
     * False once Kafka has not answered for {@link #STALE_AFTER}: writers then refuse at once (503)
     * rather than wait for timeouts. Right after start, before the first answer, Kafka gets the same
     * grace (readiness still says "not answered yet"), so that the first writes are not refused.
     */
    public boolean reachable() {
        return Reachability.judge(question.lastAnswerOr(startedAt), question.lastProblem(), question.now(), STALE_AFTER)
                .up();
    }

    @Override
    public void close() {
        question.detach(this);
    }
}
