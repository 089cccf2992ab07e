package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.json.AlertDeserializer;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.provenance.GroupRecorder;
import io.tocsin.notifier.provenance.History;
import io.tocsin.notifier.provenance.ProvenanceTopology;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.ops.streams.BoundedRocksDb;
import io.tocsin.ops.streams.CommitHook;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The dispatch topology: tocsin.alerts.v1 and tocsin.acks.v1 → route (keyed by fingerprint) → repartition by group →
 * group, wait, dedupe (keyed by group) → decisions on tocsin.notifications.v1. The service and
 * the tests build it through this one factory.
 */
public final class NotifyTopology {
    /** Fingerprint → the groups a firing alert was routed to. */
    public static final String MEMBERSHIPS = "notify-memberships";
    /** Group id → its header, and group id + NUL + fingerprint → one alert of it ({@link GroupCodec}). */
    public static final String GROUPS = "notify-groups";
    /** {@code <padded due millis>/<group id>} → group id: the timers, in due order. */
    public static final String DUE = "notify-due";
    /** Global store of every silence, from {@link Topics#SILENCES}. */
    public static final String SILENCES = "notify-silences";
    /** Global store of firing alerts that can inhibit others, from {@link Topics#INHIBITING}. */
    public static final String INHIBITING = "notify-inhibiting";
    /** Where the group stage writes the groups that changed, as each commit is prepared. */
    static final String GROUP_COMMIT = "notify-group-commit";
    /** The route stage's pre-commit hook: it only tells the {@link CommitPacer} a commit ran. */
    static final String ROUTE_COMMIT = "notify-route-commit";
    /** The repartition topic (suffixed by Streams) that gives each group one owner. */
    public static final String BY_GROUP = "by-group";

    private NotifyTopology() {}

    public static Topology build(NotifierConfig config, Clock clock) {
        return build(config, clock, new SimpleMeterRegistry());
    }

    public static Topology build(NotifierConfig config, Clock clock, MeterRegistry registry) {
        return build(config, clock, registry, new GroupView());
    }

    /** @param view kept current with every group the dispatch saves, for the read API */
    public static Topology build(NotifierConfig config, Clock clock, MeterRegistry registry, GroupView view) {
        return build(() -> config, clock, registry, view);
    }

    /**
     * @param config read by the stages at each decision: a reload ({@code LiveConfig}) changes the
     *               routes, inhibit rules, time intervals and escalation policies of what comes next
     */
    public static Topology build(Supplier<NotifierConfig> config, Clock clock, MeterRegistry registry, GroupView view) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(
                Topics.SILENCES,
                Consumed.with(Serdes.String(), JsonSerde.of(Silence.class)).withName("silences"),
                Materialized.<String, Silence, KeyValueStore<Bytes, byte[]>>as(SILENCES)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(Silence.class)));
        builder.globalTable(
                Topics.INHIBITING,
                Consumed.with(Serdes.String(), JsonSerde.of(Alert.class)).withName("inhibiting"),
                Materialized.<String, Alert, KeyValueStore<Bytes, byte[]>>as(INHIBITING)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(Alert.class)));
        // Every alert is read here: a streaming reader, not the mapper's binding (AlertDeserializer).
        KStream<String, Alert> alerts = builder.stream(
                Topics.ALERTS,
                Consumed.with(
                                Serdes.String(),
                                Serdes.serdeFrom(JsonSerde.of(Alert.class).serializer(), new AlertDeserializer()))
                        .withName("alerts"));
        // Alerts that can inhibit go to a compacted topic every instance reads whole: the
        // source and its targets are usually in different groups, owned elsewhere. Built even
        // without inhibit rules, so that a reload can add some.
        alerts.filter(
                        (k, a) -> a != null
                                && a.fingerprint().equals(k)
                                && a.state() != AlertState.PENDING
                                && Inhibition.anySource(config.get().inhibitRules(), a.labels()),
                        Named.as("inhibit-sources"))
                .mapValues(a -> a.state() == AlertState.FIRING ? a : null, Named.as("inhibit-tombstones"))
                .to(
                        Topics.INHIBITING,
                        Produced.with(Serdes.String(), JsonSerde.of(Alert.class))
                                .withName("inhibiting-out"));
        // Alerts and acknowledgements both read the memberships, so the store is added once, by name.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MEMBERSHIPS), Serdes.String(), GroupCodec.membershipsSerde()));
        KStream<String, Routed> acks = builder.stream(
                        Topics.ACKS,
                        Consumed.with(Serdes.String(), JsonSerde.of(Acknowledgement.class))
                                .withName("acks"))
                .process(AckRouteProcessor::new, Named.as("ack-route"), MEMBERSHIPS);
        ProvenanceTopology.ackSink(acks);
        KStream<String, Routed> routed =
                alerts.process(new RouteSupplier(config, registry), Named.as("route"), MEMBERSHIPS);
        ProvenanceTopology.routeSink(routed);
        KStream<String, LedgerEntry> decisions = routed.merge(acks, Named.as("alerts-and-acks"))
                .repartition(Repartitioned.with(Serdes.String(), GroupCodec.routedSerde())
                        .withName(BY_GROUP))
                .process(new GroupSupplier(config, clock, registry, view), Named.as("group"));
        decisions.to(
                Topics.NOTIFICATIONS,
                Produced.with(Serdes.String(), JsonSerde.of(LedgerEntry.class)).withName("decisions"));
        ProvenanceTopology.groupSink(decisions);
        ProvenanceTopology.history(builder, clock, History.Bounds.DEFAULT);
        return builder.build();
    }

    /**
     * Streams settings for latency and safety: exactly-once, a 250 ms commit interval (the stages
     * ask for their own commits, see CommitPacer), a 100 ms poll cut at the timers, no record cache (it would hold decisions back), and
     * bad input logged with topic/partition/offset, counted (dropped-records) and skipped.
     */
    public static Properties streamsConfig(
            String applicationId, String bootstrap, Path stateDir, int replicationFactor) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // After a crash the group waits this long for the dead member before handing its
        // partitions over: 10 s instead of 45 s keeps a restart within the alerting budget.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // The stages ask for a commit as they forward (CommitPacer), at once on an idle thread
        // and paced by what commits cost under load; the interval only bounds the pace. At 100 ms
        // it overrode the pacer under load (a commit every 100 ms however much one cost).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) CommitPacer.MAX_GAP_MS);
        // An idle stream thread blocks in poll this long before it punctuates, unless a timer is
        // due sooner: the group stage's Wakeup and the CommitPacer tell the thread's PollDeadline,
        // which cuts the poll (CommitTimedClients), so timers fire at their millisecond. At 10 ms,
        // the old bound on a timer's lateness, the idle stream thread looped a hundred times a
        // second (about 1.5 % of a core, issue 20). A poll returns as soon as records arrive.
        p.put(StreamsConfig.POLL_MS_CONFIG, 100L);
        // The route task reads two inputs, alerts and acknowledgements, with no order to keep
        // between them: an acknowledgement names an alert someone was told of, so its alert was
        // routed long before, and one that finds no memberships is dropped whichever way they
        // interleave. At the default 0 Streams holds the task's buffered records while the other
        // input is empty and its fetched lag is unknown or above zero, until the next poll that
        // returns (up to poll.ms per record that meets it). The other tasks read one input each.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // A transaction that starts while the broker still writes the previous one's markers has
        // its first sends refused (CONCURRENT_TRANSACTIONS) and retried after this backoff: at the
        // default 100 ms the flush of nearly every commit waited for it (JFR: ~45 ms per flush).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100L);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return p;
    }

    private record RouteSupplier(Supplier<NotifierConfig> config, MeterRegistry registry)
            implements ProcessorSupplier<String, Alert, String, Routed> {

        @Override
        public Processor<String, Alert, String, Routed> get() {
            return new RouteProcessor(() -> config.get().root(), registry);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(CommitHook.builder(ROUTE_COMMIT));
        }
    }

    private record GroupSupplier(Supplier<NotifierConfig> config, Clock clock, MeterRegistry registry, GroupView view)
            implements ProcessorSupplier<String, Routed, String, LedgerEntry> {

        @Override
        public Processor<String, Routed, String, LedgerEntry> get() {
            return new GroupProcessor(
                    clock,
                    registry,
                    new StoreMutes(() -> config.get().inhibitRules()),
                    () -> config.get().escalationPolicies(),
                    () -> config.get().timeIntervals(),
                    view,
                    new GroupRecorder(
                            () -> config.get().inhibitRules(),
                            () -> config.get().timeIntervals(),
                            () -> config.get().escalationPolicies()));
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(GROUPS), Serdes.String(), Serdes.ByteArray()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE), Serdes.String(), Serdes.String()),
                    CommitHook.builder(GROUP_COMMIT));
        }
    }
}
