package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The contract WriteBackStore relies on, checked against the pinned Kafka Streams: the task
 * calls the write-back as it prepares each commit, before the changelog is flushed, and the
 * store the processor gets from its context leads back to the write-back store.
 */
class WriteBackStoreTest {
    private static final List<String> events = new ArrayList<>();

    /** Counts in memory; writes the count back only before a commit. */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private WriteBackStore<String, Long> store;
        private long count;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = WriteBackStore.of(context.getStateStore("counts"));
            Long stored = store.get("n");
            count = stored == null ? 0 : stored;
            store.beforeCommit(() -> {
                events.add("write-back " + count);
                store.put("n", count);
            });
        }

        @Override
        public void process(Record<String, String> record) {
            count++;
            events.add("process " + record.value());
        }
    }

    @Test
    void theTaskWritesBackBeforeEveryCommitSoTheChangelogHoldsTheCommittedState() {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(WriteBackStore.builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("counts"),
                Serdes.String(), Serdes.Long())));
        b.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
                .process(Counting::new, "counts");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        events.clear();
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            KeyValueStore<String, Long> store = driver.getKeyValueStore("counts");
            assertNull(store.get("n"));

            in.pipeInput("k", "a");
            in.pipeInput("k", "b");

            // TopologyTestDriver commits after every record, as Streams does at each commit interval
            assertEquals(List.of("process a", "write-back 1", "process b", "write-back 2"), events);
            assertEquals(2L, store.get("n"));
        }
    }
}
