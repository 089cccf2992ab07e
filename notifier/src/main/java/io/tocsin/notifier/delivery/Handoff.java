package io.tocsin.notifier.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * What the dispatch's stream threads have just committed to the ledger topic, handed to this
 * process's delivery worker without the broker in between. Reading a decision back costs the
 * transaction's markers and the worker's read_committed fetch: ~11 ms median, 25 ms at p90, of
 * the first notification's ~27 ms after group_wait at rest (BENCHMARKS.md, "First notification
 * after group_wait", session 14). The worker still reads every record from Kafka; it delivers a
 * handed record early only when it has read everything before it ({@link HandoffAdmission}), and
 * skips it when the read brings it. Committed means durable, so a kill -9 after the hand-off loses
 * nothing: the next owner reads it from the ledger as before.
 */
public final class Handoff {

    /** A record the dispatch's transaction wrote and committed: where it is, and its bytes. */
    public record Committed(TopicPartition tp, long offset, byte[] value) {
        public Committed {
            Objects.requireNonNull(tp, "tp");
        }
    }

    private final List<Committed> waiting = new ArrayList<>();
    private Runnable wake = () -> {};
    private boolean open;

    /** The worker takes hand-offs from now on; {@code wake} makes it look soon (any thread may call it). */
    public synchronized void open(Runnable wake) {
        this.wake = Objects.requireNonNull(wake, "wake");
        this.open = true;
    }

    /** The worker is gone: hand-offs are dropped (the records are read from the ledger, as always). */
    public synchronized void close() {
        open = false;
        waiting.clear();
        wake = () -> {};
    }

    /** A stream thread's transaction committed these records; called on that thread. */
    public void committed(List<Committed> records) {
        if (records.isEmpty()) {
            return;
        }
        Runnable w;
        synchronized (this) {
            if (!open) {
                return;
            }
            boolean wasEmpty = waiting.isEmpty();
            waiting.addAll(records);
            // The worker has not looked since the last wake: one is enough.
            w = wasEmpty ? wake : null;
        }
        if (w != null) {
            w.run();
        }
    }

    /** Everything handed since the last call, in the order the transactions committed. */
    public synchronized List<Committed> take() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<Committed> taken = List.copyOf(waiting);
        waiting.clear();
        return taken;
    }
}
