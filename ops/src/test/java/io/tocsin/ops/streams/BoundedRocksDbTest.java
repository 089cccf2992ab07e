package io.tocsin.ops.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbTest {

    /** Writes every record into two RocksDB stores. */
    private static final class Twice implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> a;
        private KeyValueStore<String, String> b;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            a = context.getStateStore("a");
            b = context.getStateStore("b");
        }

        @Override
        public void process(Record<String, String> record) {
            a.put(record.key(), record.value());
            b.put(record.key(), record.value());
        }
    }

    @Test
    void storesWritingFarMoreThanTheBudgetHoldNoMoreNativeMemoryThanIt() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {"a", "b"}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String()));
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(Twice::new, "a", "b");
        Path state = Files.createTempDirectory("bounded-rocksdb");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        char[] filler = new char[1024];
        Arrays.fill(filler, 'x');
        String value = new String(filler);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            TestInputTopic<String, String> in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            // 2 × 24 MB written: with Streams' defaults each store would keep all of it in its memtables.
            for (int i = 0; i < 24 * 1024; i++) {
                in.pipeInput(String.format("key-%08d", i), value);
            }
            long usage = BoundedRocksDb.usage();
            // The memtables are charged to the shared cache (at least one write buffer's worth is
            // in use), and the whole stays within the budget (the cache is not strict: a little over).
            assertTrue(usage >= BoundedRocksDb.WRITE_BUFFER / 2, "shared cache in use: " + usage);
            assertTrue(usage <= BoundedRocksDb.CAPACITY + BoundedRocksDb.WRITE_BUFFER, "within the budget: " + usage);
        } finally {
            Utils.delete(state.toFile());
        }
    }

    @Test
    void everyStoreGetsSmallWriteBuffers() {
        try (Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            new BoundedRocksDb().setConfig("any", options, new HashMap<>());
            assertEquals(BoundedRocksDb.WRITE_BUFFER, options.writeBufferSize());
            assertEquals(2, options.maxWriteBufferNumber());
        }
    }
}
