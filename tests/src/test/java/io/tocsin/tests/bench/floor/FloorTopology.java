package io.tocsin.tests.bench.floor;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The dispatch's shape with nothing of its work: alerts keyed by fingerprint → a membership put →
 * repartition by group → a group put → a decision. Every alert is its own group (so the group key
 * is the fingerprint: the repartition costs its hop, not a change of key) and is decided at once
 * (group_wait 0); no routing, grouping, timers, silences, history or provenance. Exactly-once,
 * RocksDB stores with changelogs and no record cache, as the notifier runs its stores.
 */
final class FloorTopology {
    static final String ALERTS = "floor.alerts";
    static final String DECISIONS = "floor.decisions";
    private static final String MEMBERSHIPS = "floor-memberships";
    private static final String GROUPS = "floor-groups";

    private FloorTopology() {}

    /**
     * @param repartition false: the alerts are taken as keyed by group already, as they would be if
     *     the API routed them and wrote them by group (alerts from the rules would still need the
     *     hop): the least any design with Streams-held group state can do
     */
    static Topology build(boolean repartition) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPS), Serdes.String(), Serdes.ByteArray()));
        KStream<String, byte[]> byGroup = b.stream(ALERTS, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        if (repartition) {
            b.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(MEMBERSHIPS), Serdes.String(), Serdes.ByteArray()));
            byGroup = byGroup.process(() -> new Put(MEMBERSHIPS), Named.as("route"), MEMBERSHIPS)
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                            .withName("by-group"));
        }
        byGroup.process(() -> new Put(GROUPS), Named.as("group"), GROUPS)
                .to(DECISIONS, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return b.build();
    }

    /** One store put per record, then the record forwarded: the least a stateful stage does. */
    private static final class Put implements Processor<String, byte[], String, byte[]> {
        private final String store;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> kv;

        Put(String store) {
            this.store = store;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.kv = context.getStateStore(store);
        }

        @Override
        public void process(Record<String, byte[]> r) {
            kv.put(r.key(), r.value());
            context.forward(r);
        }
    }

    /**
     * Near the notifier's Streams settings (NotifyTopology.streamsConfig): exactly-once, no record
     * cache, a 100 ms poll, one stream thread; a commit every 100 ms, where the notifier asks for
     * one as it forwards, paced by what commits cost, at most 250 ms apart.
     */
    static Properties config(String bootstrap, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "emission-floor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.POLL_MS_CONFIG, 100L);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return p;
    }
}
