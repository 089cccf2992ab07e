package io.tocsin.notifier.provenance;

import io.tocsin.notifier.ack.Acknowledgement;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** The acknowledgement of a firing alert, as the ack route stage passes it to the alert's groups. */
public final class AckRecorder {
    private final Emitter out = new Emitter(ProvenanceTopology.ACK_OUT);
    private ProcessorContext<?, ?> context;

    public void init(ProcessorContext<?, ?> context) {
        this.context = context;
        out.init(context);
    }

    public void acknowledged(String fingerprint, Acknowledgement ack) {
        out.emit(Events.acknowledged(fingerprint, ack, Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }
}
