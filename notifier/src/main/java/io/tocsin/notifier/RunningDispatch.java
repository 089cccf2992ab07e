package io.tocsin.notifier;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupView;
import io.tocsin.notifier.dispatch.NotifyTopology;
import io.tocsin.ops.Health;
import io.tocsin.ops.HttpErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The dispatch's Kafka Streams client as the APIs read it: its stores, its groups, its peers, its
 * health. Everything here answers 503 (or "down") while there is no client or its state is not
 * queryable (starting, rebalancing): a partial view must never pass for the whole.
 */
final class RunningDispatch {
    private final GroupView groups;
    /** Where this instance's API listens, or null when it advertises none (port 0). */
    private final HostInfo self;

    private volatile KafkaStreams streams;

    RunningDispatch(GroupView groups, HostInfo self) {
        this.groups = groups;
        this.self = self;
    }

    void set(KafkaStreams s) {
        streams = s;
    }

    /** A store of the running client, or a 503 while it is not queryable. */
    <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        KafkaStreams s = streams;
        if (s == null) {
            throw new HttpErrors.BadRequest(503, "the notifier is stopped", 1);
        }
        try {
            return s.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new HttpErrors.BadRequest(503, "the notifier's state is not ready yet", 1);
        }
    }

    /** The view is fed as the group store is restored: it is whole only once that store is queryable. */
    GroupView view() {
        store(NotifyTopology.GROUPS);
        return groups;
    }

    List<AlertGroup> groups() {
        return view().all();
    }

    List<Alert> inhibitingAlerts() {
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it =
                this.<Alert>store(NotifyTopology.INHIBITING).all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    out.add(kv.value);
                }
            });
        }
        return out;
    }

    /** The other running instances that advertise their API (application.server). */
    List<String> peerUrls() {
        KafkaStreams s = streams;
        if (s == null || self == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
            HostInfo h = m.hostInfo();
            if (h != null && h.port() > 0 && !h.equals(self)) {
                out.add("http://" + h.host() + ":" + h.port());
            }
        }
        return out;
    }

    /** The client's metrics, or null while there is no client. */
    Map<MetricName, ? extends Metric> metrics() {
        KafkaStreams s = streams;
        return s == null ? null : s.metrics();
    }

    Health.Check health() {
        KafkaStreams s = streams;
        if (s == null) {
            return Health.Check.down("stopped");
        }
        KafkaStreams.State state = s.state();
        return state == KafkaStreams.State.RUNNING ? Health.Check.up(state.name()) : Health.Check.down(state.name());
    }
}
