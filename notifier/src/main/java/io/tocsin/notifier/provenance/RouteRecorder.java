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
 * records nothing.
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

    public void fired(Alert a) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        List<ProvenanceEvent> events = new ArrayList<>();
        events.add(Events.fired(a, now));
        List<RouteStep> walk = RouteWalk.of(root.get(), a.labels());
        for (RouteStep to : RouteWalk.oncePerReceiver(walk)) {
            events.add(Events.routed(a.fingerprint(), to, walk, now));
        }
        out.emit(events); // one record: fired and its routes
    }

    public void resolved(Alert a) {
        out.emit(Events.resolved(a, Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }
}
