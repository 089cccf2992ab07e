package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage 2 fed a stage-1 backlog as one repartition record, as it comes after the instance that
 * owned a series' stage 1 died and another one read its uncommitted samples again: many buckets
 * of one group, in the order stage 1's combine buffer happens to list them. The cluster test
 * (issue 18) saw such a record, newest bucket third, resolve a firing alert and fire it again as
 * a new episode in one transaction: a second page.
 */
class BacklogBatchTest {
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
                    missing: keep
            """;
    private static final Instant T0 = Instant.parse("2026-12-05T09:52:00Z");
    private static final Labels GROUP = Labels.of("job", "after-broker-6");
    /**
     * Stage 1's partition these records come from. Idle from the start (the settings below), so
     * stage 2 judges as records come: the case where a record's order inside itself could matter.
     */
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 0);

    private final RuleSet rules =
            new RuleSet(RuleParser.parse(RULES, "cluster.rules.yml").rules());
    private final String input =
            InputShares.of(rules).ofRule("cluster/ClusterHot").id();
    private Stage2Driver driver;
    private TestInputTopic<Integer, UpdateBatch> stage2;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        driver = new Stage2Driver(
                rules, TopologySettings.DEFAULTS.withIdleAfter(Duration.ZERO), T0, Duration.ofSeconds(1));
        stage2 = driver.stage2;
        alerts = driver.alerts;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aBacklogWhoseNewestBucketComesFirstNeitherResolvesNorRefiresAFiringAlert() {
        clockAt(10_000);
        send(bucket(5, 100), bucket(6, 100), bucket(7, 100), bucket(8, 100), bucket(9, 100));
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(List.of(AlertState.FIRING), states(fired));

        // Stage 1's owner dies: nothing comes for 11 s, and the empty window keeps the alert firing.
        clockAt(21_000);
        assertEquals(List.of(), driver.told());

        // The backlog: the load was hot until 19.9 s, cold from 20 s; the cold bucket is listed
        // before the hot ones that fill the rest of the window.
        send(bucket(10, 100), bucket(20, 0), bucket(16, 100), bucket(17, 100), bucket(18, 100), bucket(19, 100));
        assertEquals(List.of(), driver.told(), "the window [16 s, 21 s] holds 100: still firing");

        // Cold from then on: the one episode resolves once, the alert that fired.
        for (int s = 21; s <= 26; s++) {
            clockAt(s * 1000L + 500);
            send(bucket(s, 0));
        }
        List<Alert> resolved = alerts.readValuesToList();
        assertEquals(List.of(AlertState.RESOLVED), states(resolved));
        assertEquals(fired.get(0).startsAt(), resolved.get(0).startsAt(), "the episode that fired ends");
    }

    @Test
    void theSameBacklogInAnyOrderDecidesTheSame() {
        clockAt(10_000);
        send(bucket(5, 100), bucket(6, 100), bucket(7, 100), bucket(8, 100), bucket(9, 100));
        assertEquals(List.of(AlertState.FIRING), driver.told());
        clockAt(21_000);
        send(bucket(21, 0), bucket(20, 0), bucket(19, 100), bucket(18, 100), bucket(17, 100), bucket(16, 100));
        assertEquals(List.of(), driver.told(), "newest first: still firing");
    }

    /** The group's bucket starting {@code second} s after T0, holding one sample of {@code value}. */
    private BucketUpdate bucket(int second, double value) {
        long start = T0.toEpochMilli() + second * 1000L;
        return new BucketUpdate(input, GROUP, start, Partial.of(value, start + 100));
    }

    private void send(BucketUpdate... updates) {
        stage2.pipeInput(
                Slots.of(input, GROUP),
                new UpdateBatch(List.of(updates), SOURCE, null),
                driver.now().toEpochMilli());
    }

    private void clockAt(long ms) {
        driver.clockAt(ms);
    }

    private static List<AlertState> states(List<Alert> out) {
        return out.stream().map(Alert::state).toList();
    }
}
