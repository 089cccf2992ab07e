package io.tocsin.notifier.provenance;

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
        context.forward(new Record<>(e.fingerprint(), e, e.at().toEpochMilli()), child);
    }
}
