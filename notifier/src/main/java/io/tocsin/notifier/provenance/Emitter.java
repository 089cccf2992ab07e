package io.tocsin.notifier.provenance;

import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards provenance events from a dispatch processor to its provenance sink, a child node of
 * its own (see {@link ProvenanceTopology#sink}), so the events are written in the same Streams
 * transaction as the processor's state and decisions: exactly once with them, never without them.
 * The processor's own output type is not an event; the child is addressed by name, which only it
 * receives, so the cast below is safe.
 */
final class Emitter {
    private final String child;
    private ProcessorContext<String, Object> context;

    Emitter(String child) {
        this.child = child;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void init(ProcessorContext<?, ?> context) {
        this.context = (ProcessorContext) context;
    }

    void emit(ProvenanceEvent e) {
        forward(AlertEvents.of(e));
    }

    /** The events of one decision: one record per alert, each alert's events in the order given. */
    void emit(List<ProvenanceEvent> events) {
        for (AlertEvents batch : AlertEvents.byAlert(events)) {
            forward(batch);
        }
    }

    private void forward(AlertEvents batch) {
        long at = batch.events().get(0).at().toEpochMilli();
        context.forward(new Record<>(batch.fingerprint(), batch, at), child);
    }
}
