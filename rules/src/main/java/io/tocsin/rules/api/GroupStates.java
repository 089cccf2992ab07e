package io.tocsin.rules.api;

import io.tocsin.rules.topology.GroupKey;
import io.tocsin.rules.topology.GroupState;
import io.tocsin.rules.topology.RulesTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads stage 2's group store through Kafka Streams' interactive queries: the state as of the last
 * commit (every 100 ms), at no cost to the evaluator. Only groups that are pending or firing are
 * kept; an inactive group's stored value may be from long ago.
 */
public final class GroupStates {
    private final KafkaStreams streams;

    public GroupStates(KafkaStreams streams) {
        this.streams = streams;
    }

    /** @throws InvalidStateStoreException while the store is not queryable (starting, rebalancing) */
    public List<GroupEntry> active() {
        ReadOnlyKeyValueStore<GroupKey, GroupState> store = streams.store(
                StoreQueryParameters.fromNameAndType(RulesTopology.GROUP_STORE, QueryableStoreTypes.keyValueStore()));
        List<GroupEntry> out = new ArrayList<>();
        try (KeyValueIterator<GroupKey, GroupState> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.status().phase() != io.tocsin.rules.eval.Phase.INACTIVE) {
                    out.add(new GroupEntry(kv.key, kv.value));
                }
            });
        }
        return out;
    }
}
