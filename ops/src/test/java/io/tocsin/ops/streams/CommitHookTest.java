package io.tocsin.ops.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The contract CommitHook relies on, checked against the pinned Kafka Streams: the task runs the
 * hook as it prepares each commit, the hook may write stores and forward as its processor, and
 * what it writes and forwards is part of that commit.
 */
class CommitHookTest {
    private static final List<String> events = new ArrayList<>();

    /** Sums in memory; at each commit forwards the sum of what came since the last and stores the total. */
    private static final class Summing implements Processor<String, Long, String, Long> {
        private KeyValueStore<String, Long> totals;
        private long sinceCommit;
        private long total;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            totals = context.getStateStore("totals");
            Long stored = totals.get("total");
            total = stored == null ? 0 : stored;
            CommitHook.register(context, "hook", () -> {
                events.add("commit " + sinceCommit);
                if (sinceCommit > 0) {
                    context.forward(new Record<>("sum", sinceCommit, context.currentSystemTimeMs()));
                    totals.put("total", total);
                    sinceCommit = 0;
                }
            });
        }

        @Override
        public void process(Record<String, Long> record) {
            events.add("process " + record.value());
            sinceCommit += record.value();
            total += record.value();
        }
    }

    @Test
    void theTaskRunsTheHookAsItPreparesEachCommitAndTheHookMayForwardAndWrite() {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("totals"), Serdes.String(), Serdes.Long())
                        .withCachingDisabled());
        b.addStateStore(CommitHook.builder("hook"));
        b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()))
                .process(Summing::new, "totals", "hook")
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-hook-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                0L); // as the rules and notifier services run: no record cache
        events.clear();
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<String, Long> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.Long().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.Long().deserializer());

            in.pipeInput("k", 2L);
            in.pipeInput("k", 3L);

            // TopologyTestDriver commits after every record, as Streams does at each commit interval
            assertEquals(List.of("process 2", "commit 2", "process 3", "commit 3"), events);
            assertEquals(List.of(2L, 3L), out.readValuesToList());
            assertEquals(5L, driver.<String, Long>getKeyValueStore("totals").get("total"));
        }
    }

    /**
     * A topology of one processor that does nothing but register {@code hook} as its commit work,
     * given its context; its output goes to "out".
     */
    private static TopologyTestDriver hookOnly(String appId, Consumer<ProcessorContext<String, Long>> hook) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(CommitHook.builder("hook"));
        b.stream("in", Consumed.with(Serdes.String(), Serdes.Long()))
                .process(
                        () -> new Processor<String, Long, String, Long>() {
                            @Override
                            public void init(ProcessorContext<String, Long> context) {
                                hook.accept(context);
                            }

                            @Override
                            public void process(Record<String, Long> record) {}
                        },
                        "hook")
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(b.build(), p);
    }

    @Test
    void aTaskCommittedBeforeItDidAnythingGivesItsHookTheWallClockNotMinusOne() {
        List<Long> stamps = new ArrayList<>();
        long before = System.currentTimeMillis();
        try (TopologyTestDriver driver = hookOnly(
                "commit-hook-first-commit",
                context -> CommitHook.register(context, "hook", () -> stamps.add(context.currentSystemTimeMs())))) {
            CommitHook hook = (CommitHook) driver.getStateStore("hook");

            hook.flushCache(); // what Streams does as it prepares a commit of a task that processed nothing

            assertEquals(1, stamps.size());
            assertTrue(stamps.get(0) >= before, "stamped " + stamps.get(0));
        }
    }

    @Test
    void aTaskCommittedBeforeItDidAnythingMayForwardToASink() {
        List<ProcessorContext<String, Long>> contexts = new ArrayList<>();
        try (TopologyTestDriver driver = hookOnly("commit-hook-first-forward", context -> {
            contexts.add(context);
            CommitHook.register(
                    context,
                    "hook",
                    () -> context.forward(new Record<>("progress", 1L, context.currentSystemTimeMs())));
        })) {
            TestOutputTopic<String, Long> out = driver.createOutputTopic(
                    "out", Serdes.String().deserializer(), Serdes.Long().deserializer());
            CommitHook hook = (CommitHook) driver.getStateStore("hook");

            // A task just assigned, on a thread whose other tasks commit first: Kafka Streams
            // leaves its record context null after init (StreamTask.initializeTopology; the test
            // driver does not), and a sink reads it (a rules stream thread replaced twice in
            // ClusterIT after a takeover).
            ((InternalProcessorContext<?, ?>) contexts.get(0)).setRecordContext(null);
            hook.flushCache();
            driver.advanceWallClockTime(Duration.ZERO); // the driver collects what was sent

            assertEquals(List.of(1L), out.readValuesToList());
        }
    }
}
