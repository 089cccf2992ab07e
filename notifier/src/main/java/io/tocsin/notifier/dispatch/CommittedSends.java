package io.tocsin.notifier.dispatch;

import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.delivery.Handoff;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One stream thread producer's writes to the ledger topic in its open transaction, handed to
 * {@link Handoff} once the transaction has committed and dropped when it aborts. Send callbacks
 * run on the producer's I/O thread; Streams flushes before it commits, so every callback of a
 * transaction has run when its commit returns.
 */
final class CommittedSends {
    private final Handoff handoff;
    private final List<Handoff.Committed> sent = new ArrayList<>();

    CommittedSends(Handoff handoff) {
        this.handoff = handoff;
    }

    /** The callback to give the producer for {@code record}: the original one, after noting where it landed. */
    Callback onSend(ProducerRecord<?, ?> record, Callback original) {
        if (!Topics.NOTIFICATIONS.equals(record.topic()) || !(record.value() instanceof byte[] value)) {
            return original;
        }
        return (metadata, exception) -> {
            if (exception == null && metadata != null && metadata.hasOffset()) {
                note(new Handoff.Committed(
                        new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), value));
            }
            if (original != null) {
                original.onCompletion(metadata, exception);
            }
        };
    }

    /** The transaction committed: what it wrote goes to the worker. */
    void committed() {
        List<Handoff.Committed> done;
        synchronized (this) {
            done = List.copyOf(sent);
            sent.clear();
        }
        handoff.committed(done);
    }

    /** The transaction was aborted, or its commit failed, or a new one begins: nothing of it is handed. */
    synchronized void dropped() {
        sent.clear();
    }

    private synchronized void note(Handoff.Committed c) {
        sent.add(c);
    }
}
