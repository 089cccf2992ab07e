package io.tocsin.rules.topology;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.encoding.BinarySerde;
import io.tocsin.rules.encoding.EvalCodecs;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The rules evaluator:
 * <pre>
 * tocsin.samples.v1 (by series) → stage 1: match rules, combine partials per (input, group, bucket)
 * tocsin.logs.v1 (by stream)     → stage 1 for logs: count the lines log rules select, likewise
 *   → repartition, a batch per slot of (input, group), and each source's progress (its
 *     watermark) to every partition → stage 2: a window ring per (input, group),
 *     condition and state machine per (rule, group) → tocsin.alerts.v1
 * </pre>
 * Built here for production and for TopologyTestDriver alike.
 */
public final class RulesTopology {
    public static final String GROUP_STORE = "rules-groups";
    public static final String GROUP_BUCKET_STORE = "rules-group-buckets";
    public static final String COUNTER_STORE = "rules-counters";
    /** Parts of pushes a share judged by arrival holds until the push is whole: see {@link AheadStore}. */
    public static final String AHEAD_STORE = "rules-group-ahead";

    static final String SERIES_COMMIT = "rules-series-commit";
    static final String LOG_COMMIT = "rules-log-commit";
    static final String GROUP_COMMIT = "rules-group-commit";
    public static final String REPARTITION = "rule-groups";
    /**
     * The annotation that says when a rule with {@code for} became pending (RFC 3339), on its firing
     * and resolved alerts, whose startsAt is the firing time as Prometheus sends it: the console
     * can show both.
     */
    public static final String PENDING_SINCE = "pending_since";

    // The topology's own stores and repartition topic use a compact binary layout: Jackson was
    // most of the cost per sample. Public so that tools can read the stores.
    public static final BinarySerde<GroupKey> GROUP_KEY = BinarySerde.of("group key", TopologyCodecs.GROUP_KEY, 64);
    public static final BinarySerde<BucketKey> BUCKET_KEY = BinarySerde.of("bucket key", TopologyCodecs.BUCKET_KEY, 64);
    public static final BinarySerde<UpdateBatch> UPDATE_BATCH =
            BinarySerde.of("update batch", TopologyCodecs.UPDATE_BATCH, 4096);
    public static final BinarySerde<AheadKey> AHEAD_KEY = BinarySerde.of("ahead key", TopologyCodecs.AHEAD_KEY, 96);
    public static final BinarySerde<GroupState> GROUP_STATE =
            BinarySerde.of("group state", TopologyCodecs.GROUP_STATE, 256);
    public static final BinarySerde<Partial> PARTIAL = BinarySerde.of("partial", EvalCodecs.PARTIAL, 96);
    public static final BinarySerde<CounterPage> COUNTER_PAGE =
            BinarySerde.of("counter page", TopologyCodecs.COUNTER_PAGE, 64 * CounterPages.PAGE_SIZE);

    private RulesTopology() {}

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withCachingDisabled();
    }

    /**
     * Every store is in memory with a changelog: the processors hold their state as objects and
     * read the stores only when a task starts, so RocksDB would add cost and save no memory.
     *
     * @param rules read at every record, so a reload is seen without rebuilding the topology
     */
    public static Topology build(Supplier<RuleSet> rules, TopologySettings settings) {
        return build(rules, settings, null);
    }

    /** @param horizon told by stage 2 until when no tick can act, for a test clock; null in production */
    public static Topology build(Supplier<RuleSet> rules, TopologySettings settings, TickHorizon horizon) {
        return build(rules, settings, horizon, null);
    }

    /** @param board where stage 2 says how far each rule waits for its input, for /metrics; may be null */
    public static Topology build(
            Supplier<RuleSet> rules, TopologySettings settings, TickHorizon horizon, WaitingBoard board) {
        return build(rules, settings, horizon, board, InputLag.UNKNOWN);
    }

    /** @param lag how far the consumer is behind each input partition, which lets a fresh task turn idle early */
    public static Topology build(
            Supplier<RuleSet> rules, TopologySettings settings, TickHorizon horizon, WaitingBoard board, InputLag lag) {
        StreamsBuilder b = new StreamsBuilder();
        Listeners listeners = new Listeners(lag);
        // Logged, not cached: the processors hold their state as objects and write what changed
        // as each commit is prepared (CommitHook), so every key is written at most once a commit.
        b.addStateStore(store(GROUP_STORE, GROUP_KEY, GROUP_STATE));
        b.addStateStore(store(GROUP_BUCKET_STORE, BUCKET_KEY, PARTIAL));
        b.addStateStore(store(COUNTER_STORE, Serdes.Integer(), COUNTER_PAGE));
        b.addStateStore(store(AHEAD_STORE, AHEAD_KEY, PARTIAL));
        b.addStateStore(CommitHook.builder(SERIES_COMMIT));
        b.addStateStore(CommitHook.builder(LOG_COMMIT));
        b.addStateStore(CommitHook.builder(GROUP_COMMIT));

        KStream<Integer, UpdateBatch> fromSamples = b.stream(
                        Topics.SAMPLES,
                        Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("samples"))
                .process(
                        () -> new SeriesStage(rules, settings, lag, listeners),
                        Named.as("series-stage"),
                        COUNTER_STORE,
                        SERIES_COMMIT);
        KStream<Integer, UpdateBatch> fromLogs = b.stream(
                        Topics.LOGS,
                        Consumed.with(Serdes.String(), JsonSerde.of(LogRecord.class))
                                .withName("logs"))
                .process(() -> new LogStage(rules, settings, lag, listeners), Named.as("log-stage"), LOG_COMMIT);
        fromSamples
                .merge(fromLogs, Named.as("stage-1"))
                .repartition(Repartitioned.with(Serdes.Integer(), UPDATE_BATCH)
                        .withStreamPartitioner(Slots.PARTITIONER)
                        .withName(REPARTITION))
                .process(
                        () -> new GroupStage(rules, settings, horizon, board, listeners),
                        Named.as("group-stage"),
                        GROUP_STORE,
                        GROUP_BUCKET_STORE,
                        AHEAD_STORE,
                        GROUP_COMMIT)
                .to(
                        Topics.ALERTS,
                        Produced.with(Serdes.String(), JsonSerde.of(Alert.class))
                                .withName("alerts"));
        return b.build();
    }
}
