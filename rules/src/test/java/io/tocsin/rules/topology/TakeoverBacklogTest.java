package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rules instance died; the survivor took over its stage-1 task (this driver's, started at T0)
 * and stage 2 holds the alert the dead owner's last commit made fire. The dead owner's backlog,
 * still hot, comes with the survivor's first fetch, 7.5 s after the task started (a loaded
 * machine, the partition's leader on a broker that is down). Production timing: idle after 10 s.
 */
class TakeoverBacklogTest {
    private static final String RULES = """
            groups:
              - name: cluster
                rules:
                  - alert: ClusterHot
                    select: 'cluster_load'
                    aggregate: max
                    window: 5s
                    by: [job]
                    condition: '> 50'
                    missing: resolve
            """;
    private static final Instant T0 = Instant.parse("2026-12-05T09:52:00Z");
    private static final Labels GROUP = Labels.of("job", "j1");
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 0);

    private final RuleSet rules =
            new RuleSet(RuleParser.parse(RULES, "cluster.rules.yml").rules());
    private final String input =
            InputShares.of(rules).ofRule("cluster/ClusterHot").id();
    private TopologyTestDriver driver;
    private TestInputTopic<Integer, UpdateBatch> stage2;
    private TestInputTopic<String, Sample> samples;
    private TestOutputTopic<String, Alert> alerts;
    private Instant now = T0;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologySettings settings = TopologySettings.DEFAULTS.withInputPartitions(Map.of(Progress.Input.SAMPLES, 1));
        driver = new TopologyTestDriver(RulesTopology.build(() -> rules, settings), p, T0);
        stage2 = driver.createInputTopic(
                "rules-test-" + RulesTopology.REPARTITION + "-repartition",
                Serdes.Integer().serializer(),
                RulesTopology.UPDATE_BATCH.serializer());
        samples = driver.createInputTopic(
                Topics.SAMPLES,
                Serdes.String().serializer(),
                JsonSerde.of(Sample.class).serializer());
        alerts = driver.createOutputTopic(
                Topics.ALERTS,
                Serdes.String().deserializer(),
                JsonSerde.of(Alert.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSurvivorThatHasReadSomethingHoldsTheWindowsItsBacklogCoversUntilItComes() {
        clockAt(500);
        samples.pipeInput(
                "o", new Sample("other", Labels.of("x", "1"), 1, T0.toEpochMilli() + 400, SampleKind.GAUGE), now);
        assertEquals(List.of(AlertState.FIRING), takeOverThenReadTheBacklogAt(7_500), "fired once, never resolved");
    }

    /**
     * Issue 18: a survivor's task that has read nothing, and whose consumer has had no answer to its
     * first fetch yet, may still get the dead owner's backlog: it holds the windows for the whole idle
     * timeout (it was idle after 3 s, and the alert was told FIRING, RESOLVED, FIRING: a second page).
     */
    @Test
    void aSurvivorThatHasReadNothingYetHoldsTheWindowsItsBacklogCoversUntilItComes() {
        assertEquals(List.of(AlertState.FIRING), takeOverThenReadTheBacklogAt(7_500), "fired once, never resolved");
    }

    /** @return every state told, from the dead owner's last commit to just after the backlog */
    private List<AlertState> takeOverThenReadTheBacklogAt(long fetchMs) {
        clockAt(2_000);
        // The dead owner's last commit: hot from -3 s to 1 s, read up to 1.9 s.
        stage2.pipeInput(0, UpdateBatch.of(new Progress(SOURCE, T0.toEpochMilli() + 1_900, false)), now);
        List<BucketUpdate> hot = new ArrayList<>();
        for (int s = -3; s <= 1; s++) {
            long start = T0.toEpochMilli() + s * 1000L;
            hot.add(new BucketUpdate(input, GROUP, start, Partial.of(100, start + 100)));
        }
        stage2.pipeInput(Slots.of(input, GROUP), new UpdateBatch(hot, SOURCE, null), now);
        List<AlertState> told = new ArrayList<>(states(alerts.readValuesToList()));
        assertEquals(List.of(AlertState.FIRING), told, "the dead owner's data made it fire");

        clockAt(fetchMs);
        told.addAll(states(alerts.readValuesToList()));
        for (int s = 2; s <= 7; s++) { // the backlog: hot all along
            samples.pipeInput(
                    "k", new Sample("cluster_load", GROUP, 100, T0.toEpochMilli() + s * 1000L, SampleKind.GAUGE), now);
        }
        clockAt(fetchMs + 1_000);
        told.addAll(states(alerts.readValuesToList()));
        return told;
    }

    /** Moves the wall clock to T0 + {@code ms} in steps of 250 ms, so that every tick runs. */
    private void clockAt(long ms) {
        Instant target = T0.plusMillis(ms);
        while (now.isBefore(target)) {
            Duration step = Duration.between(now, target);
            if (step.compareTo(Duration.ofMillis(250)) > 0) {
                step = Duration.ofMillis(250);
            }
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
    }

    private static List<AlertState> states(List<Alert> out) {
        return out.stream().map(Alert::state).toList();
    }
}
