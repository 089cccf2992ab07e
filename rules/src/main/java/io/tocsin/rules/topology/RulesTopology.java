package io.tocsin.rules.topology;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.rules.encoding.BinarySerde;
import io.tocsin.rules.encoding.EvalCodecs;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The rules evaluator:
 * <pre>
 * tocsin.samples.v1 (by series) → stage 1: match rules, combine partials per (rule, group, bucket)
 * tocsin.logs.v1 (by stream)     → stage 1 for logs: count the lines log rules select, likewise
 *   → repartition by (rule, group) → stage 2: window ring, condition, state machine → tocsin.alerts.v1
 * </pre>
 * Built here for production and for TopologyTestDriver alike.
 */
public final class RulesTopology {
    public static final String COMBINE_STORE = "rules-combine";
    public static final String GROUP_STORE = "rules-groups";
    public static final String GROUP_BUCKET_STORE = "rules-group-buckets";
    public static final String COUNTER_STORE = "rules-counters";
    public static final String LOG_COMBINE_STORE = "rules-log-combine";
    public static final String REPARTITION = "rule-groups";

    // The topology's own stores and repartition topic use a compact binary layout: Jackson was
    // most of the cost per sample. Public so that tools can read the stores.
    public static final BinarySerde<GroupKey> GROUP_KEY = BinarySerde.of("group key", TopologyCodecs.GROUP_KEY, 64);
    public static final BinarySerde<BucketKey> BUCKET_KEY = BinarySerde.of("bucket key", TopologyCodecs.BUCKET_KEY, 64);
    public static final BinarySerde<BucketUpdate> BUCKET_UPDATE =
            BinarySerde.of("bucket update", TopologyCodecs.BUCKET_UPDATE, 96);
    public static final BinarySerde<GroupState> GROUP_STATE = BinarySerde.of("group state", TopologyCodecs.GROUP_STATE, 1024);
    public static final BinarySerde<Partial> PARTIAL = BinarySerde.of("partial", EvalCodecs.PARTIAL, 96);
    public static final BinarySerde<CounterDelta.Last> COUNTER_LAST =
            BinarySerde.of("counter value", EvalCodecs.COUNTER_LAST, 24);

    private RulesTopology() {}

    /** @param rules read at every record, so a reload is seen without rebuilding the topology */
    public static Topology build(Supplier<RuleSet> rules, TopologySettings settings) {
        return build(rules, settings, false);
    }

    /**
     * @param inMemory keep the group and counter stores in memory instead of RocksDB: the same
     *     processors, for rule tests that replay hours of simulated time in a second
     */
    public static Topology build(Supplier<RuleSet> rules, TopologySettings settings, boolean inMemory) {
        StreamsBuilder b = new StreamsBuilder();
        // Cached + logged: the cache absorbs repeated updates of a partial between commits, the
        // changelog makes the not-yet-forwarded partials survive a crash under exactly-once.
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(COMBINE_STORE), BUCKET_KEY, PARTIAL)
                .withCachingEnabled());
        // Cached: a group updated several times between commits reaches RocksDB and the changelog once.
        b.addStateStore(Stores.keyValueStoreBuilder(store(GROUP_STORE, inMemory), GROUP_KEY, GROUP_STATE)
                .withCachingEnabled());
        b.addStateStore(Stores.keyValueStoreBuilder(store(GROUP_BUCKET_STORE, inMemory), BUCKET_KEY, PARTIAL)
                .withCachingEnabled());
        // The last value of every counter series a rule reads, to turn the next one into an increase.
        b.addStateStore(Stores.keyValueStoreBuilder(store(COUNTER_STORE, inMemory), Serdes.String(), COUNTER_LAST)
                .withCachingEnabled());

        b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LOG_COMBINE_STORE), BUCKET_KEY, PARTIAL)
                .withCachingEnabled());

        KStream<GroupKey, BucketUpdate> fromSamples =
                b.stream(Topics.SAMPLES, Consumed.with(Serdes.String(), JsonSerde.of(Sample.class)).withName("samples"))
                        .process(() -> new SeriesStage(rules, settings), Named.as("series-stage"), COMBINE_STORE, COUNTER_STORE);
        KStream<GroupKey, BucketUpdate> fromLogs =
                b.stream(Topics.LOGS, Consumed.with(Serdes.String(), JsonSerde.of(LogRecord.class)).withName("logs"))
                        .process(() -> new LogStage(rules, settings), Named.as("log-stage"), LOG_COMBINE_STORE);
        fromSamples.merge(fromLogs, Named.as("stage-1"))
                .repartition(Repartitioned.with(GROUP_KEY, BUCKET_UPDATE).withName(REPARTITION))
                .process(() -> new GroupStage(rules, settings), Named.as("group-stage"), GROUP_STORE, GROUP_BUCKET_STORE)
                .to(Topics.ALERTS, Produced.with(Serdes.String(), JsonSerde.of(Alert.class)).withName("alerts"));
        return b.build();
    }

    private static KeyValueBytesStoreSupplier store(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }
}
