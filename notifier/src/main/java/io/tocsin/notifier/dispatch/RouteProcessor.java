package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.provenance.AlertEvents;
import io.tocsin.notifier.provenance.RouteRecorder;
import io.tocsin.notifier.route.Route;
import io.tocsin.ops.streams.CommitHook;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, keyed by alert fingerprint: routes each alert to its groups and re-keys it by group.
 * A resolve also goes to every group the alert fired in, even if the routes changed since.
 */
final class RouteProcessor implements Processor<String, Alert, String, Routed> {
    private static final Logger log = LoggerFactory.getLogger(RouteProcessor.class);

    /** Read for each alert: a config reload changes the routes of the next one. */
    private final Supplier<Route> root;

    private final MeterRegistry registry;
    private final RouteRecorder provenance;
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, Memberships> memberships;

    RouteProcessor(Supplier<Route> root, MeterRegistry registry) {
        this.root = root;
        this.registry = registry;
        this.provenance = new RouteRecorder(root);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.memberships = context.getStateStore(NotifyTopology.MEMBERSHIPS);
        provenance.init(context);
        // The pacer learns from the hook when a commit ran; it schedules the release of a deferred one.
        CommitHook.register(
                context,
                NotifyTopology.ROUTE_COMMIT,
                () -> CommitPacer.ofThisThread().committed());
    }

    @Override
    public void close() {
        CommitPacer.ofThisThread().forget(context);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert == null) {
            skip("no_value", "no value");
            return;
        }
        String fingerprint = alert.fingerprint();
        if (!fingerprint.equals(record.key())) {
            // Memberships are partitioned by fingerprint; a record keyed otherwise would be
            // remembered in the wrong partition and its resolve could miss a receiver.
            skip("bad_key", "key is not the alert's fingerprint " + fingerprint);
            return;
        }
        if (alert.state() == AlertState.PENDING) {
            return;
        }
        List<GroupRef> routed = root.get().matchOncePerReceiver(alert.labels()).stream()
                .map(GroupRef::of)
                .toList();
        Memberships known = memberships.get(fingerprint);
        List<GroupRef> targets;
        AlertEvents events = null;
        boolean carry;
        if (alert.state() == AlertState.FIRING) {
            Memberships now = (known == null ? new Memberships(List.of()) : known).plus(routed);
            if (!now.equals(known)) {
                memberships.put(fingerprint, now);
                events = provenance.fired(alert);
            }
            targets = routed;
            // A new episode into one group: no other group holds the alert firing, so nothing
            // else records about it before that group reads this record.
            carry = targets.size() == 1 && (known == null || known.groups().isEmpty());
        } else {
            targets = (known == null ? new Memberships(List.of()) : known)
                    .plus(routed)
                    .groups();
            if (known != null) {
                memberships.delete(fingerprint);
                events = provenance.resolved(alert);
            }
            carry = targets.size() == 1;
        }
        // Carried to its one group, the route's events are written with what the group decides
        // in the same transaction: at group_wait 0s fired, routed and notified become one
        // provenance record and one history write instead of two. Going to several groups they are
        // written here, committed before any group stage reads the alert (it reads committed
        // records), so each group's events about it follow them.
        if (events != null && !carry) {
            provenance.write(events);
            events = null;
        }
        for (GroupRef g : targets) {
            context.forward(new Record<>(g.id(), new Routed(g, alert, null, events), record.timestamp()));
        }
        if (!targets.isEmpty()) {
            // The group stage reads committed records only: an alert that waits for the commit
            // interval can miss the group tick it arrived before, as it would not in Alertmanager.
            // Paced: under load one commit carries the alerts of the last GAP_MS.
            CommitPacer.ofThisThread().request(context);
        }
    }

    /** Bad input is data: say where it was, count it, and carry on. */
    private void skip(String reason, String why) {
        RecordMetadata at = context.recordMetadata().orElse(null);
        log.warn(
                "skipping alert record {}-{}@{}: {}",
                at == null ? "?" : at.topic(),
                at == null ? -1 : at.partition(),
                at == null ? -1 : at.offset(),
                why);
        registry.counter("tocsin.notifier.dispatch.skipped", "reason", reason).increment();
    }
}
