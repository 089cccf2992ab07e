package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20's gauge alerts stamped a push before their breach (the side-by-side driver's gauge rows,
 * math→judged −1,000 ms). A gauge share is judged by event time, up to the low watermark of the
 * partitions that feed it; its windows read the open bucket, so a group whose new sample came from
 * a partition ahead of the others reads that sample while its judgement time is still the other
 * partition's last push. The transition was stamped at that judgement time: startsAt (and endsAt)
 * before the very sample that decided it, which Prometheus never does (it evaluates at t on the
 * samples appended by t).
 *
 * <p>Stage 2 fed as stage 1 feeds it: one push a second, unstamped (ticks at .5 s), web-0's series
 * on partition 0, web-1's on partition 1, which delivers each push 300 ms after partition 0 does.
 * The breach and the recovery fall in either half of a 2 s bucket (both parities): before the fix,
 * the odd ticks were stamped a second early.
 */
class GaugeStampTest {
    private static final String RULES = """
            groups:
              - name: scenario
                rules:
                  - alert: LagHigh
                    select: 'replica_lag_seconds'
                    aggregate: last
                    window: 1m
                    by: [instance]
                    condition: '> 30'
                  - alert: LagHighFor
                    select: 'replica_lag_seconds'
                    aggregate: last
                    window: 1m
                    by: [instance]
                    condition: '> 30'
                    for: 5s
            """;
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Labels WEB0 = Labels.of("instance", "web-0");
    private static final Labels WEB1 = Labels.of("instance", "web-1");
    private static final Progress.Source P0 = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final Progress.Source P1 = new Progress.Source(Progress.Input.SAMPLES, 1);

    private final RuleSet rules =
            new RuleSet(RuleParser.parse(RULES, "scenario.rules.yml").rules());
    private final Rule rule = rules.get("scenario/LagHigh");
    private final String input = InputShares.of(rules).ofRule(rule.id()).id();
    private Stage2Driver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @ParameterizedTest(name = "breach at tick {0}, recovery 10 s later")
    @ValueSource(ints = {20, 21})
    void aGaugeTransitionIsNeverStampedBeforeTheSampleThatDecidedIt(int breachTick) {
        driver = new Stage2Driver(rules, TopologySettings.DEFAULTS, T0, Duration.ofMillis(100));
        int recoveryTick = breachTick + 10;
        List<Alert> told = new ArrayList<>();
        for (int s = 1; s <= 45; s++) {
            long tick = T0.toEpochMilli() + s * 1000L + 500;
            double lag = s >= breachTick && s < recoveryTick ? 40 : 1;
            driver.clockAt(s * 1000L + 600); // partition 0 delivers the push 100 ms after it was taken
            send(P0, WEB0, lag, tick);
            told.addAll(driver.alerts.readValuesToList());
            driver.clockAt(s * 1000L + 900); // partition 1 300 ms later: until then web-0 is a push ahead
            send(P1, WEB1, 1, tick);
            told.addAll(driver.alerts.readValuesToList());
        }
        long breach = T0.toEpochMilli() + breachTick * 1000L + 500;
        long recovery = T0.toEpochMilli() + recoveryTick * 1000L + 500;
        List<String> lagHigh = told.stream()
                .filter(a -> a.labels().get("alertname").equals("LagHigh"))
                .map(GaugeStampTest::describe)
                .toList();
        assertEquals(
                List.of(
                        "FIRING startsAt " + Instant.ofEpochMilli(breach),
                        "RESOLVED startsAt " + Instant.ofEpochMilli(breach) + " endsAt "
                                + Instant.ofEpochMilli(recovery)),
                lagHigh,
                "stamped at the push that breached and the one that recovered, read as soon as they came");
        List<String> lagHighFor = told.stream()
                .filter(a -> a.labels().get("alertname").equals("LagHighFor"))
                .map(GaugeStampTest::describe)
                .toList();
        long fired = breach + 5_000; // the first push at which it has held for 5 s
        assertEquals(
                List.of(
                        "PENDING startsAt " + Instant.ofEpochMilli(breach),
                        "FIRING startsAt " + Instant.ofEpochMilli(fired) + " pending since "
                                + Instant.ofEpochMilli(breach),
                        "RESOLVED startsAt " + Instant.ofEpochMilli(fired) + " endsAt " + Instant.ofEpochMilli(recovery)
                                + " pending since " + Instant.ofEpochMilli(breach)),
                lagHighFor,
                "pending at the breach, firing 5 s of samples later, resolved at the recovery");
    }

    private static String describe(Alert a) {
        String s = a.state() + " startsAt " + a.startsAt();
        if (a.state() == AlertState.RESOLVED) {
            s += " endsAt " + a.endsAt();
        }
        String pending = a.annotations().get(RulesTopology.PENDING_SINCE);
        return pending == null ? s : s + " pending since " + pending;
    }

    /** One push of one instance's lag, as stage 1 forwards it: the part and the partition's progress. */
    private void send(Progress.Source source, Labels group, double lag, long ts) {
        long start = ts - Math.floorMod(ts, rule.bucketMs());
        BucketUpdate u = new BucketUpdate(input, group, start, SamplePartials.of(rule, group, lag, ts, true, false));
        driver.stage2.pipeInput(
                Slots.of(input, group),
                new UpdateBatch(List.of(u), source, new Progress(source, ts, false)),
                driver.now().toEpochMilli());
    }
}
