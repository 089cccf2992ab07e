package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
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
    private Stage2Driver driver;
    private TestInputTopic<Integer, UpdateBatch> stage2;
    private TestInputTopic<String, Sample> samples;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        driver = new Stage2Driver(
                rules,
                TopologySettings.DEFAULTS.withInputPartitions(Map.of(Progress.Input.SAMPLES, 1)),
                T0,
                Duration.ofMillis(250));
        stage2 = driver.stage2;
        samples = driver.samples;
        alerts = driver.alerts;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSurvivorThatHasReadSomethingHoldsTheWindowsItsBacklogCoversUntilItComes() {
        clockAt(500);
        samples.pipeInput(
                "o",
                new Sample("other", Labels.of("x", "1"), 1, T0.toEpochMilli() + 400, SampleKind.GAUGE),
                driver.now());
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
        stage2.pipeInput(0, UpdateBatch.of(new Progress(SOURCE, T0.toEpochMilli() + 1_900, false)), driver.now());
        List<BucketUpdate> hot = new ArrayList<>();
        for (int s = -3; s <= 1; s++) {
            long start = T0.toEpochMilli() + s * 1000L;
            hot.add(new BucketUpdate(input, GROUP, start, Partial.of(100, start + 100)));
        }
        stage2.pipeInput(Slots.of(input, GROUP), new UpdateBatch(hot, SOURCE, null), driver.now());
        List<AlertState> told = new ArrayList<>(driver.told());
        assertEquals(List.of(AlertState.FIRING), told, "the dead owner's data made it fire");

        clockAt(fetchMs);
        told.addAll(driver.told());
        for (int s = 2; s <= 7; s++) { // the backlog: hot all along
            samples.pipeInput(
                    "k",
                    new Sample("cluster_load", GROUP, 100, T0.toEpochMilli() + s * 1000L, SampleKind.GAUGE),
                    driver.now());
        }
        clockAt(fetchMs + 1_000);
        told.addAll(driver.told());
        return told;
    }

    private void clockAt(long ms) {
        driver.clockAt(ms);
    }
}
