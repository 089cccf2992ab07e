package io.tocsin.ingest.collect;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.sink.KafkaSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every {@link PostgresTarget} on its interval ({@link PostgresSamples} says what it
 * writes) through the shared sink. JDBC blocks, so a poll runs on a worker thread; a poll still
 * running when the next is due is not started twice, so one connection per target is enough.
 * A server that cannot be reached or queried yields {@code pg_up 0}, its reason is logged once per
 * change, and the next poll reconnects.
 */
public final class PostgresCollector extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(PostgresCollector.class);

    private final List<PostgresTarget> targets;
    private final KafkaSink sink;
    private final Clock clock;
    private final Map<PostgresTarget, PostgresReader> readers = new HashMap<>();
    private final Map<PostgresTarget, AtomicBoolean> running = new HashMap<>();
    private final Map<PostgresTarget, String> lastProblem = new ConcurrentHashMap<>();

    public PostgresCollector(List<PostgresTarget> targets, KafkaSink sink, Clock clock) {
        this.targets = List.copyOf(targets);
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        for (PostgresTarget t : targets) {
            readers.put(t, new PostgresReader(t));
            running.put(t, new AtomicBoolean());
            vertx.setPeriodic(0, t.interval().toMillis(), id -> poll(t));
        }
        log.info("Collecting from {} PostgreSQL servers", targets.size());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(
                () -> {
                    readers.values().forEach(PostgresReader::close);
                    return null;
                },
                false);
    }

    /** One poll of one server now; completes with what was written. */
    public Future<List<Sample>> poll(PostgresTarget t) {
        AtomicBoolean busy = running.get(t);
        if (!busy.compareAndSet(false, true)) {
            return Future.succeededFuture(List.of());
        }
        Labels target = Labels.of(t.labels()).with("job", t.name()).with("instance", t.instance());
        PostgresReader reader = readers.get(t);
        return vertx.executeBlocking(() -> measure(t, reader, target), false)
                .compose(samples -> sink.write(samples, context).map(n -> samples))
                .onFailure(e -> problem(t, "not written: " + e.getMessage()))
                .onComplete(ar -> busy.set(false));
    }

    private List<Sample> measure(PostgresTarget t, PostgresReader reader, Labels target) {
        long start = System.nanoTime();
        long now = clock.millis();
        try {
            PostgresStatus status = reader.read();
            lastProblem.remove(t);
            return PostgresSamples.up(status, target, now, seconds(start));
        } catch (SQLException e) {
            problem(t, e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return PostgresSamples.down(target, now, seconds(start));
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Logged once per change of problem, not once per poll. */
    private void problem(PostgresTarget t, String what) {
        if (!what.equals(lastProblem.put(t, what))) {
            log.warn("postgres {} ({}): {}", t.name(), t.instance(), what);
        }
    }
}
