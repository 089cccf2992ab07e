package io.tocsin.tests.bench.idle;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.notifier.dispatch.NotifyTopology;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * An idle exactly-once Streams application with Tocsin's settings: the rules application's
 * ({@code RulesService.streamsProperties}) for the first, the notifier's
 * ({@code NotifyTopology.streamsConfig}: 250 ms commit interval, 100 ms poll) for the second, with
 * the rung's changes over them. Its topology is the least that is shaped like Tocsin's: two empty
 * input topics, a pass-through stage, one repartition, one persistent store (with its changelog);
 * with {@code punctuateMs} > 0 both stages schedule a wall-clock punctuator that does nothing.
 */
final class IdleStreamsApp {
    static final String STORE = "floor-store";

    private IdleStreamsApp() {}

    static List<String> inputs(String appId) {
        return List.of(appId + "-in-1", appId + "-in-2");
    }

    static Properties properties(int index, String appId, String bootstrap, Path stateDir, FloorSpec spec) {
        Properties p = index == 0
                ? RulesService.streamsProperties(new RulesSettings(
                        new KafkaSettings(bootstrap),
                        "127.0.0.1",
                        0,
                        stateDir,
                        stateDir,
                        1,
                        appId,
                        TopologySettings.DEFAULTS))
                : NotifyTopology.streamsConfig(appId, bootstrap, stateDir, 1);
        Overrides.apply(p, spec.streamsProps(), "");
        Overrides.apply(p, spec.clientProps(), StreamsConfig.MAIN_CONSUMER_PREFIX);
        return p;
    }

    static Topology topology(String appId, long punctuateMs) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
        b.stream(inputs(appId), Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Stage(punctuateMs, false))
                .repartition(
                        Repartitioned.with(Serdes.String(), Serdes.String()).withName("by-key"))
                .process(() -> new Stage(punctuateMs, true), STORE);
        return b.build();
    }

    static KafkaStreams start(int index, String bootstrap, Path stateDir, FloorSpec spec) {
        String appId = "floor-app-" + index;
        KafkaStreams streams = new KafkaStreams(
                topology(appId, spec.punctuateMs()), properties(index, appId, bootstrap, stateDir, spec));
        streams.start();
        return streams;
    }

    static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("Streams " + streams.state() + " after " + timeout.toSeconds() + " s");
            }
            Peer.sleep(100);
        }
    }

    /** Forwards what it reads (nothing, at rest); counts per key in the store when it is the stateful stage. */
    private static final class Stage implements Processor<String, String, String, String> {
        private final long punctuateMs;
        private final boolean stateful;
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, Long> store;

        Stage(long punctuateMs, boolean stateful) {
            this.punctuateMs = punctuateMs;
            this.stateful = stateful;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            if (stateful) {
                store = context.getStateStore(STORE);
            }
            if (punctuateMs > 0) {
                // Writes nothing: what it costs is what Streams does after any punctuation.
                context.schedule(Duration.ofMillis(punctuateMs), PunctuationType.WALL_CLOCK_TIME, now -> {});
            }
        }

        @Override
        public void process(Record<String, String> r) {
            if (stateful) {
                Long n = store.get(r.key());
                store.put(r.key(), n == null ? 1 : n + 1);
            } else {
                context.forward(r);
            }
        }
    }
}
