package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.topology.InputLag;
import io.tocsin.rules.topology.Progress;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.RunsAlone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stage-2 tasks revived alone while the stage-1 tasks beside them run on, idle: the revived tasks
 * have heard no source, and an idle source repeats unchanged progress only every progress repeat
 * (30 s with the production evaluation interval). They must hear their sources at stage 1's next
 * look (5 s) instead. Without that the breach below is not judged late but never: the judgement
 * time stays unknown until the repeat, then jumps to that moment, and a 5 s window judged there no
 * longer holds the breach (checked: no FIRING within 40 s).
 *
 * <p>Streams revives a task alone when it finds it corrupted: under exactly_once_v2 it commits the
 * thread's other tasks, closes the corrupted ones dirty, restores and initialises them again
 * (TaskManager.handleCorruption). Here the rule set's supplier, called at the start of every
 * stage-2 record, throws the TaskCorruptedException Streams itself throws for such a task, naming
 * every stage-2 task, once. Streams then asks for a rebalance, which the classic group protocol
 * carries out; the topology is given no rebalance count ({@link InputLag#UNKNOWN}), as under the
 * streams group protocol, where that request does nothing: only the stage-2 tasks' own starts can
 * tell stage 1.
 */
@ExtendWith(KafkaBroker.class)
@RunsAlone
class StageTwoReviveIT {
    private static final String RULES = """
            groups:
              - name: revive-it
                rules:
                  - alert: ReviveHot
                    select: 'revive_temp'
                    aggregate: max
                    window: 5s
                    condition: '> 30'
            """;
    private static final int PARTITIONS = 4;
    /** Production timing (1 s evaluation: 5 s looks, 30 s repeats); sources idle after 2 s. */
    private static final TopologySettings TOPOLOGY = TopologySettings.DEFAULTS
            .withIdleAfter(Duration.ofSeconds(2))
            .withInputPartitions(Map.of(Progress.Input.SAMPLES, PARTITIONS, Progress.Input.LOGS, PARTITIONS));

    private static final String STAGE_1 = "io.tocsin.rules.topology.SeriesStage";
    private static final String STAGE_2 = "io.tocsin.rules.topology.GroupStage";

    /**
     * The rule set, as the service's supplier gives it; counts the stages' inits (each asks for the
     * rule set as it plans its first wake-up), and throws once from a stage-2 record when armed.
     */
    private static final class Corrupting implements Supplier<RuleSet> {
        private final RuleSet rules;
        private volatile Set<TaskId> corrupt;
        final AtomicInteger stage1Inits = new AtomicInteger();
        final AtomicInteger stage2Inits = new AtomicInteger();
        final AtomicInteger thrown = new AtomicInteger();

        Corrupting(RuleSet rules) {
            this.rules = rules;
        }

        void arm(Set<TaskId> tasks) {
            corrupt = tasks;
        }

        @Override
        public RuleSet get() {
            String caller = StackWalker.getInstance()
                    .walk(frames -> frames.filter(f -> f.getClassName().equals(STAGE_1)
                                    || f.getClassName().equals(STAGE_2))
                            .findFirst()
                            .map(f -> f.getClassName() + "#" + f.getMethodName())
                            .orElse(""));
            boolean init = StackWalker.getInstance()
                    .walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("init")
                            && (f.getClassName().equals(STAGE_1)
                                    || f.getClassName().equals(STAGE_2))));
            if (init) {
                (caller.startsWith(STAGE_1) ? stage1Inits : stage2Inits).incrementAndGet();
            }
            Set<TaskId> tasks = corrupt;
            if (tasks != null && caller.equals(STAGE_2 + "#process")) {
                corrupt = null;
                thrown.incrementAndGet();
                throw new TaskCorruptedException(tasks);
            }
            return rules;
        }
    }

    @Test
    void revivedStageTwoTasksHearTheirIdleSourcesAtStageOnesNextLook() throws Exception {
        String appId = "revive-it-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaSettings kafka = new KafkaSettings(KafkaBroker.bootstrap());
        TopicAdmin.ensureTopics(kafka.bootstrap(), PARTITIONS, 1);
        Path dir = Files.createDirectories(Path.of("target", appId, "rules"));
        Files.writeString(dir.resolve("it.rules.yml"), RULES);
        RuleLoader.Loaded loaded = RuleLoader.load(dir);
        assertTrue(loaded.ok(), loaded.errors().toString());
        Corrupting rules = new Corrupting(loaded.rules());

        Topology topology = RulesTopology.build(rules, TOPOLOGY, null, null, InputLag.UNKNOWN);
        Set<TaskId> stage2 = stageTwoTasks(topology);
        RulesSettings settings =
                new RulesSettings(kafka, "127.0.0.1", 0, dir, Path.of("target", appId, "state"), 1, appId, TOPOLOGY);
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        KafkaStreams streams = new KafkaStreams(topology, RulesService.streamsProperties(settings));
        try (KafkaProducer<String, Sample> producer = new KafkaProducer<>(
                        kafka.durableProducer(appId + "-producer"),
                        new StringSerializer(),
                        JsonSerde.of(Sample.class).serializer());
                AlertReader reader = new AlertReader(kafka, appId, alerts)) {
            streams.start();
            awaitRunning(streams, Duration.ofSeconds(60));
            assertEquals(PARTITIONS, rules.stage1Inits.get(), "one init counted per stage-1 task");
            assertEquals(stage2.size(), rules.stage2Inits.get(), "one init counted per stage-2 task");
            send(producer, 20);
            // every source reports, stage 2 hears them all, the sources turn idle (2 s) and say so
            RulesHarness.sleep(6_000);
            assertEquals(List.of(), alerts, "below the threshold");

            // just after the idle sources' 30 s repeat: without an answer their next one is ~30 s away
            long now = System.currentTimeMillis();
            RulesHarness.sleep(30_000 - now % 30_000 + 2_000);
            int stage1Before = rules.stage1Inits.get();
            int stage2Before = rules.stage2Inits.get();
            rules.arm(stage2);
            send(producer, 20); // its source's progress reaches every stage-2 task: the first throws
            long deadline = System.currentTimeMillis() + 30_000;
            while (rules.stage2Inits.get() < stage2Before + stage2.size()
                    || streams.state() != KafkaStreams.State.RUNNING) {
                assertTrue(System.currentTimeMillis() < deadline, "the stage-2 tasks were revived");
                RulesHarness.sleep(20);
            }
            assertEquals(1, rules.thrown.get(), "one corruption");
            assertEquals(stage1Before, rules.stage1Inits.get(), "stage 1 ran on: none of its tasks started again");

            long breach = System.currentTimeMillis();
            send(producer, 40);
            long fired = Long.MAX_VALUE;
            while (System.currentTimeMillis() < breach + 40_000 && fired == Long.MAX_VALUE) {
                if (alerts.stream().anyMatch(a -> a.state() == AlertState.FIRING)) {
                    fired = System.currentTimeMillis();
                }
                RulesHarness.sleep(20);
            }
            long tookMs = fired == Long.MAX_VALUE ? Long.MAX_VALUE : fired - breach;
            System.out.printf(
                    "revived stage 2 judged the breach %s after it (the breach %d ms after the 30 s repeat)%n",
                    tookMs == Long.MAX_VALUE ? "never in 40 s" : tookMs + " ms", breach % 30_000);
            // the next look is at most 5 s away; the next repeat 20-29 s
            assertTrue(tookMs < 12_000, "judged within stage 1's next look, not its 30 s repeat: " + tookMs + " ms");
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static void send(KafkaProducer<String, Sample> producer, double value) {
        Sample s = new Sample("revive_temp", Labels.EMPTY, value, System.currentTimeMillis(), SampleKind.GAUGE);
        producer.send(new ProducerRecord<>(Topics.SAMPLES, 0, s.timestampMs(), s.seriesId(), s));
        producer.flush();
    }

    /** The tasks of the sub-topology that reads the repartition topic: stage 2. */
    private static Set<TaskId> stageTwoTasks(Topology topology) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source
                        && source.topicSet().stream().anyMatch(t -> t.contains(RulesTopology.REPARTITION))) {
                    Set<TaskId> tasks = new HashSet<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        tasks.add(new TaskId(sub.id(), p));
                    }
                    return tasks;
                }
            }
        }
        throw new IllegalStateException("no stage 2 in " + topology.describe());
    }

    private static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertTrue(System.currentTimeMillis() < deadline, "running: " + streams.state());
            RulesHarness.sleep(50);
        }
    }

    /** The rule's alert state changes, read_committed as the notifier reads them. */
    private static final class AlertReader implements AutoCloseable {
        private final KafkaConsumer<String, Alert> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        AlertReader(KafkaSettings kafka, String appId, List<Alert> into) {
            consumer = new KafkaConsumer<>(
                    kafka.committedReader(appId + "-reader", appId + "-reader"),
                    new StringDeserializer(),
                    JsonSerde.of(Alert.class).deserializer());
            consumer.subscribe(List.of(Topics.ALERTS));
            thread = new Thread(
                    () -> {
                        while (running) {
                            for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(100))) {
                                if (r.value() != null
                                        && "ReviveHot".equals(r.value().labels().get("alertname"))) {
                                    into.add(r.value());
                                }
                            }
                        }
                        consumer.close();
                    },
                    appId + "-alerts");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
