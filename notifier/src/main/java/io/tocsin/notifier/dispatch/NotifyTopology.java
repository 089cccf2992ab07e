package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The dispatch topology: tocsin.alerts.v1 → route + dedupe → decisions on tocsin.notifications.v1.
 * The service and the tests build it through this one factory.
 */
public final class NotifyTopology {
    /** What each receiver was told, keyed {@code fingerprint/receiver}. */
    public static final String STORE = "notify-sent";

    private NotifyTopology() {}

    public static Topology build(NotifierConfig config, Clock clock) {
        return build(config, clock, new SimpleMeterRegistry());
    }

    public static Topology build(NotifierConfig config, Clock clock, MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ALERTS, Consumed.with(Serdes.String(), JsonSerde.of(Alert.class)).withName("alerts"))
                .process(new Supplier(config, clock, registry), Named.as("dispatch"))
                .to(Topics.NOTIFICATIONS,
                        Produced.with(Serdes.String(), JsonSerde.of(LedgerEntry.class)).withName("decisions"));
        return builder.build();
    }

    /**
     * Streams settings for latency and safety: exactly-once, a 100 ms commit (the floor on how
     * late a decision reaches the ledger), no record cache (it would hold decisions back), and
     * bad input logged with topic/partition/offset, counted (dropped-records) and skipped.
     */
    public static Properties streamsConfig(String applicationId, String bootstrap, Path stateDir, int replicationFactor) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // After a crash the group waits this long for the dead member before handing its
        // partitions over: 10 s instead of 45 s keeps a restart within the alerting budget.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        return p;
    }

    private record Supplier(NotifierConfig config, Clock clock, MeterRegistry registry)
            implements ProcessorSupplier<String, Alert, String, LedgerEntry> {

        @Override
        public Processor<String, Alert, String, LedgerEntry> get() {
            return new DispatchProcessor(config.root(), clock, registry);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            StoreBuilder<KeyValueStore<String, Sent>> store = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(STORE), Serdes.String(), JsonSerde.of(Sent.class));
            return Set.of(store);
        }
    }
}
