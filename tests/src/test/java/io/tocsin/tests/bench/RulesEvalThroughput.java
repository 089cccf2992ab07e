package io.tocsin.tests.bench;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import io.tocsin.rules.topology.BucketKey;
import io.tocsin.rules.topology.CounterPage;
import io.tocsin.rules.topology.GroupKey;
import io.tocsin.rules.topology.GroupState;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Load driver, not a test: the production rules topology (both stages, its stores and
 * serdes, the repartition step) in TopologyTestDriver, single-threaded, no broker: what the
 * evaluation itself costs per sample with 50 rules over 10,000 series, and the stored state per
 * active series. Kafka I/O is not in this figure. Bounded by the sample count and a time limit.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.RulesEvalThroughput -Dexec.args="1000000 60"
 *      (args: samples, seconds limit)
 */
public final class RulesEvalThroughput {
    private static final int SERIES = 10_000;
    private static final int METRICS = 5;
    private static final int INSTANCES = 200;

    private RulesEvalThroughput() {}

    public static void main(String[] args) throws Exception {
        long samples = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long limitNanos = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60)
                .toNanos();
        // TopologyTestDriver commits after every record, and a RocksDB commit flushes its memtable:
        // "memory" measures the processors with in-memory stores, "rocksdb" that worst case
        RuleParser.Result parsed = RuleParser.parse(rules(), "bench.rules.yml");
        if (!parsed.errors().isEmpty()) {
            throw new IllegalStateException(parsed.errors().toString());
        }
        RuleSet rules = new RuleSet(parsed.rules());
        Path state = Files.createDirectories(Path.of("target", "bench-eval-" + UUID.randomUUID()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-eval");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toAbsolutePath().toString());
        Instant t0 = Instant.now().minusSeconds(3600);
        TopologySettings settings = TopologySettings.DEFAULTS;
        try (TopologyTestDriver driver = new TopologyTestDriver(RulesTopology.build(() -> rules, settings), p, t0)) {
            TestInputTopic<String, Sample> in = driver.createInputTopic(
                    Topics.SAMPLES,
                    Serdes.String().serializer(),
                    JsonSerde.of(Sample.class).serializer());
            // 150k samples/s over 10,000 series is 15 samples per series per second: one round of all
            // series every 66 ms of event time, the wall clock following, so stage 1 combines ~15k
            // samples per 100 ms flush and stage 2 ticks every ~150k samples, as in production at that rate
            long started = System.nanoTime();
            long sent = 0;
            long clock = t0.toEpochMilli();
            while (sent < samples && System.nanoTime() - started < limitNanos) {
                for (int i = 0; i < 1000 && sent < samples; i++, sent++) {
                    int series = (int) (sent % SERIES);
                    long ts = t0.toEpochMilli() + (sent / SERIES) * 66 + series * 66L / SERIES;
                    Sample s = sample(series, ts, sent / SERIES * 3.0);
                    in.pipeInput(s.seriesId(), s, ts);
                }
                long target = t0.toEpochMilli() + (sent / SERIES) * 66 + (sent % SERIES) * 66L / SERIES;
                if (target > clock) {
                    driver.advanceWallClockTime(Duration.ofMillis(target - clock));
                    clock = target;
                }
            }
            driver.advanceWallClockTime(settings.flushInterval());
            double secs = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "evaluation: %,d samples in %.1f s = %,.0f samples/s (50 rules, %,d series, one thread, no broker)%n",
                    sent, secs, sent / secs, SERIES);

            long groupBytes = 0;
            long groups = 0;
            KeyValueStore<GroupKey, GroupState> store = driver.getKeyValueStore(RulesTopology.GROUP_STORE);
            try (KeyValueIterator<GroupKey, GroupState> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<GroupKey, GroupState> kv = it.next();
                    groupBytes += RulesTopology.GROUP_KEY.encode(kv.key).length
                            + RulesTopology.GROUP_STATE.encode(kv.value).length;
                    groups++;
                }
            }
            KeyValueStore<BucketKey, Partial> bucketStore = driver.getKeyValueStore(RulesTopology.GROUP_BUCKET_STORE);
            try (KeyValueIterator<BucketKey, Partial> it = bucketStore.all()) {
                while (it.hasNext()) {
                    KeyValue<BucketKey, Partial> kv = it.next();
                    groupBytes += RulesTopology.BUCKET_KEY.encode(kv.key).length
                            + RulesTopology.PARTIAL.encode(kv.value).length;
                }
            }
            long counterBytes = 0;
            long counters = 0;
            KeyValueStore<Integer, CounterPage> counterStore = driver.getKeyValueStore(RulesTopology.COUNTER_STORE);
            try (KeyValueIterator<Integer, CounterPage> it = counterStore.all()) {
                while (it.hasNext()) {
                    KeyValue<Integer, CounterPage> kv = it.next();
                    counterBytes += Integer.BYTES + RulesTopology.COUNTER_PAGE.encode(kv.value).length;
                    counters += kv.value.entries().size();
                }
            }
            System.out.printf(
                    "state: %,d groups %,d bytes + %,d counter series %,d bytes = %,.0f bytes per active series%n",
                    groups, groupBytes, counters, counterBytes, (double) (groupBytes + counterBytes) / SERIES);
        }
    }

    /** 5 metrics × 2,000 series; 10 rules per metric, by instance (200 groups each), none breaching. */
    static String rules() {
        String[] aggregates = {"avg", "max", "min", "sum", "count", "last", "rate", "increase", "delta", "avg"};
        StringBuilder sb = new StringBuilder("groups:\n  - name: bench\n    rules:\n");
        for (int m = 0; m < METRICS; m++) {
            for (int r = 0; r < aggregates.length; r++) {
                sb.append("      - alert: Bench")
                        .append(m)
                        .append('_')
                        .append(r)
                        .append('\n')
                        .append("        select: 'bench_metric_")
                        .append(m)
                        .append("'\n")
                        .append("        aggregate: ")
                        .append(aggregates[r])
                        .append('\n')
                        .append("        window: 5m\n        by: [instance]\n        condition: '> 1e15'\n");
            }
        }
        return sb.toString();
    }

    static Sample sample(int series, long ts, double value) {
        int metric = series % METRICS;
        int within = series / METRICS;
        Labels labels = Labels.of("instance", "i-" + (within % INSTANCES), "path", "/p" + (within / INSTANCES));
        return new Sample("bench_metric_" + metric, labels, value, ts, SampleKind.COUNTER);
    }
}
