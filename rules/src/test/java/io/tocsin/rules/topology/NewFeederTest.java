package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's "repeated notifications" under background load, as seen on tocsin.alerts.v1: not a
 * flap during the breach but a false FIRING + RESOLVED in the first seconds of the scenario, a
 * minute before its breach (value 1.0 then 0.004 for the ratio, 2.4 then 0.095 for the p95, both
 * at the same judgement time), then the real episode: two firings and two resolves per alert.
 *
 * <p>Stage 2 fed as stage 1 feeds it: two input partitions with background data, both busy and
 * reporting their progress. The scenario's two series of a ratio land on different partitions:
 * the 5xx on partition 0, which is at the wall clock; the requests on partition 1, which runs 3 s
 * behind (a backlog under load). A share waits only for the sources that have sent it data
 * ({@link InputProgress#low(Progress.Input, String)}), and partition 1 has sent this share nothing
 * yet: the share's judgement time follows partition 0 alone, its closed buckets hold the 5xx and
 * no requests, and the ratio reads 1.0. When the requests come, partition 1 joins the feeders, but
 * the judgement time never goes back, so the bucket read too early is read again with them and
 * the alert resolves. A share whose rules combine series (ratio, histogram) now waits for every
 * busy source of its input.
 */
class NewFeederTest {
    private static final String RULES = """
            groups:
              - name: scenario
                rules:
                  - alert: ErrorRatio
                    select: 'http_requests_total{code="500"}'
                    over: 'http_requests_total'
                    aggregate: rate
                    window: 1m
                    by: [instance]
                    condition: '> 0.01'
            """;
    private static final Instant T0 = Instant.parse("2026-12-05T13:15:00Z");
    private static final Labels GROUP = Labels.of("instance", "web-8");
    private static final Progress.Source ERRORS = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final Progress.Source REQUESTS = new Progress.Source(Progress.Input.SAMPLES, 1);
    private static final long BEHIND_MS = 3_000;

    private final RuleSet rules =
            new RuleSet(RuleParser.parse(RULES, "scenario.rules.yml").rules());
    private final Rule rule = rules.get("scenario/ErrorRatio");
    private final String input = InputShares.of(rules).ofRule(rule.id()).id();
    private Stage2Driver driver;
    private TestInputTopic<Integer, UpdateBatch> stage2;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        driver = new Stage2Driver(rules, TopologySettings.DEFAULTS, T0, Duration.ofSeconds(1));
        stage2 = driver.stage2;
        alerts = driver.alerts;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aRatioWhoseDenominatorComesFromALaggingPartitionNeverFiresOnItsNumeratorAlone() {
        // background load: both partitions busy, partition 1 three seconds behind
        for (int s = 1; s <= 10; s++) {
            clockAt(s * 1000L);
            progress(ERRORS, s * 1000L - 50);
            progress(REQUESTS, s * 1000L - BEHIND_MS);
        }
        // the scenario starts at 10.5 s: 200 requests a second, 0.2 % of them errors, never a breach
        List<Alert> published = new ArrayList<>();
        for (int s = 11; s <= 40; s++) {
            clockAt(s * 1000L);
            long tick = T0.toEpochMilli() + (s - 1) * 1000L + 500;
            send(ERRORS, sample(0.4, tick, true));
            progress(ERRORS, s * 1000L - 50);
            long late = tick - BEHIND_MS; // partition 1 delivers its tick three seconds after it was taken
            if (late >= T0.toEpochMilli() + 10_500) {
                send(REQUESTS, sample(199.6, late, false));
            }
            progress(REQUESTS, s * 1000L - BEHIND_MS);
            published.addAll(alerts.readValuesToList());
        }
        assertEquals(List.of(), published, "0.2 % errors against a 1 % threshold: no alert");
    }

    /** One tick of one side of the ratio: the 5xx are in both the selection and the denominator. */
    private BucketUpdate sample(double increase, long ts, boolean error) {
        long start = ts - Math.floorMod(ts, rule.bucketMs());
        return new BucketUpdate(input, GROUP, start, SamplePartials.of(rule, GROUP, increase, ts, error, true));
    }

    private void send(Progress.Source source, BucketUpdate u) {
        stage2.pipeInput(
                Slots.of(input, GROUP),
                new UpdateBatch(List.of(u), source, null),
                driver.now().toEpochMilli());
    }

    private void progress(Progress.Source source, long sinceT0Ms) {
        stage2.pipeInput(
                Slots.of(input, GROUP),
                UpdateBatch.of(new Progress(source, T0.toEpochMilli() + sinceT0Ms, false)),
                driver.now().toEpochMilli());
    }

    private void clockAt(long ms) {
        driver.clockAt(ms);
    }
}
