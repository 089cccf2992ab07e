package io.tocsin.notifier.provenance;

import io.tocsin.core.kafka.Topics;
import io.tocsin.ops.streams.CommitHook;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Provenance in the dispatch topology: a sink under each recording stage (route, ack route,
 * group) writing its events to {@link Topics#PROVENANCE} in the stage's own transaction, and the
 * history sub-topology reading that topic back into the queryable {@link #HISTORY} store.
 */
public final class ProvenanceTopology {
    /** Fingerprint → {@link History}; queryable, changelogged. */
    public static final String HISTORY = "provenance-history";

    /** The history stage's pre-commit hook: it writes the histories that changed since the last commit. */
    static final String HISTORY_COMMIT = "provenance-history-commit";

    static final String ROUTE_OUT = "route-provenance";
    static final String ACK_OUT = "ack-provenance";
    static final String GROUP_OUT = "group-provenance";

    private ProvenanceTopology() {}

    /** The route stage's provenance sink; {@code routed} is the stage's output stream. */
    public static <V> void routeSink(KStream<String, V> routed) {
        sink(routed, ROUTE_OUT);
    }

    public static <V> void ackSink(KStream<String, V> acked) {
        sink(acked, ACK_OUT);
    }

    public static <V> void groupSink(KStream<String, V> decisions) {
        sink(decisions, GROUP_OUT);
    }

    /**
     * A child of the stage named {@code child}: the stage forwards its events to it by name. It
     * also receives the stage's ordinary output (forwarded to every child), which it drops.
     * Generic so that no cast to the stage's output type is compiled into the filter.
     */
    private static <V> void sink(KStream<String, V> stage, String child) {
        stage.filter((k, v) -> v instanceof AlertEvents, Named.as(child))
                .mapValues(v -> (AlertEvents) v, Named.as(child + "-cast"))
                .to(
                        Topics.PROVENANCE,
                        Produced.with(Serdes.String(), ProvenanceSerde.alertEvents())
                                .withName(child + "-out"));
    }

    /** The history sub-topology: tocsin.provenance.v1 → {@link #HISTORY}. */
    public static void history(StreamsBuilder builder, Clock clock, History.Bounds bounds) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY), Serdes.String(), ProvenanceSerde.histories()));
        builder.addStateStore(CommitHook.builder(HISTORY_COMMIT));
        builder.stream(
                        Topics.PROVENANCE,
                        Consumed.with(Serdes.String(), ProvenanceSerde.alertEvents())
                                .withName("provenance"))
                .process(
                        () -> new HistoryProcessor(clock, bounds),
                        Named.as("provenance-history"),
                        HISTORY,
                        HISTORY_COMMIT);
    }
}
