package io.tocsin.notifier.dispatch;

import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.provenance.AckRecorder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1 for acknowledgements, keyed by alert fingerprint like the alerts: sends the
 * acknowledgement to every group the alert fires in, where the groups' owners act on it.
 */
final class AckRouteProcessor implements Processor<String, Acknowledgement, String, Routed> {
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, Memberships> memberships;
    private final AckRecorder provenance = new AckRecorder();

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.memberships = context.getStateStore(NotifyTopology.MEMBERSHIPS);
        provenance.init(context);
    }

    @Override
    public void process(Record<String, Acknowledgement> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Memberships groups = memberships.get(record.key());
        if (groups == null) {
            return;
        }
        provenance.acknowledged(record.key(), record.value());
        for (GroupRef g : groups.groups()) {
            context.forward(new Record<>(g.id(), new Routed(g, null, record.value()), record.timestamp()));
        }
        // The group stage reads the acknowledgement once this commits: ask, as the route stage does.
        CommitPacer.ofThisThread().request(context);
    }

    @Override
    public void close() {
        CommitPacer.ofThisThread().forget(context);
    }
}
