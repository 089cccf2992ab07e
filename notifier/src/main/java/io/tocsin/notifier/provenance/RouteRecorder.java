package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The route stage's decisions: an alert fired (or resolved), and where the walk of the routing
 * tree took it. Called only when the alert's memberships change, so a re-post of a firing alert
 * records nothing. The stage writes them ({@link #write}) or carries them to the group stage
 * in the by-group record ({@link GroupRecorder#carried}).
 */
public final class RouteRecorder {
    private final Supplier<Route> root;
    private final Emitter out = new Emitter(ProvenanceTopology.ROUTE_OUT);
    private ProcessorContext<?, ?> context;

    public RouteRecorder(Supplier<Route> root) {
        this.root = root;
    }

    public void init(ProcessorContext<?, ?> context) {
        this.context = context;
        out.init(context);
    }

    /** That the alert fired, and its routes: one record's worth, to {@link #write} or to carry. */
    public AlertEvents fired(Alert a) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<ProvenanceEvent> events = new ArrayList<>();
        events.add(Events.fired(a, now));
        List<RouteStep> walk = RouteWalk.of(root.get(), a.labels());
        for (RouteStep to : RouteWalk.oncePerReceiver(walk)) {
            events.add(Events.routed(a.fingerprint(), to, walk, now));
        }
        return new AlertEvents(a.fingerprint(), events);
    }

    public AlertEvents resolved(Alert a) {
        return AlertEvents.of(Events.resolved(a, Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }

    /** Written by the route stage itself, in its transaction: one record. */
    public void write(AlertEvents events) {
        out.emit(events.events());
    }
}
