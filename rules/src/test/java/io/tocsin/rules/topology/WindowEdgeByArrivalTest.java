package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, session 13: a windowed rule judged by push arrival fires at the push whose window
 * math crosses its threshold. The whole topology, fed as the side-by-side driver feeds it with no
 * background load: one stamped push a second, counters cumulative, 200 requests a tick whose 5xx
 * share goes 0.2 % → 5 % and half of them from 50 ms to 2 s (bucket le=2.5) at the breach.
 *
 * <p>The window math is PromQL's: at t, a counter's increase over (t − 1m, t] is its last sample
 * there less its first, 59 intervals at a 1 s scrape. Filed under its own sample's time, the
 * interval that begins just before the window's edge stayed in the ring's oldest bucket every
 * other second: 60 intervals, a ratio of exactly 0.01 at the push where the math reads 0.0101, and
 * the alert fired at the next push, a second late (ratio and p95 ~1,003 ms after the math in
 * session 12's sparse run).
 */
class WindowEdgeByArrivalTest {
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
                  - alert: P95High
                    select: 'http_request_duration_seconds_bucket'
                    aggregate: histogram_quantile(0.95)
                    window: 1m
                    by: [instance]
                    condition: '> 1'
            """;
    /** On a 2 s bucket edge; every tick falls 390 ms into its second, as the driver's did. */
    private static final long T0 = Instant.parse("2026-12-06T07:00:00Z").toEpochMilli();

    private static final long PHASE_MS = 390;
    /** A push arrives a few milliseconds after its samples' time (the POST's own time). */
    private static final long POST_MS = 5;

    private static final String WRITER = "ingest-a";
    private static final double[] LE = {0.1, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};
    private static final double RPS = 200;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Sample> samples;
    private TestOutputTopic<String, Alert> alerts;
    private long wall = T0;

    private double ok;
    private double err;
    private final double[] buckets = new double[LE.length];

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-edge-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        RuleSet rules =
                new RuleSet(RuleParser.parse(RULES, "scenario.rules.yml").rules());
        // the default idle timeout: a source is never idle between two pushes a second apart
        driver = new TopologyTestDriver(
                RulesTopology.build(() -> rules, TopologySettings.DEFAULTS), p, Instant.ofEpochMilli(T0));
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
    void aRatioAndAP95JudgedByArrivalFireAtThePushWhoseWindowMathCrossesTheirThresholds() {
        // Breach from tick 70: the math's ratio over (t − 1m, t] counts the 59 intervals of ticks
        // 12..70 at tick 70, and so on; it first exceeds 0.01 with 10 bad intervals, at tick 79
        // (0.01014), and the p95 first exceeds 1 s with 6 slow ones, at tick 75 (1.025).
        int breach = 70;
        List<Alert> fired = new ArrayList<>();
        for (int k = 0; k <= 82; k++) {
            push(k, k >= breach);
            fired.addAll(alerts.readValuesToList());
        }
        assertEquals(
                List.of("P95High@" + arrival(75), "ErrorRatio@" + arrival(79)),
                fired.stream()
                        .map(a -> {
                            assertEquals(AlertState.FIRING, a.state(), a.toString());
                            return a.labels().get("alertname") + "@"
                                    + a.startsAt().toEpochMilli();
                        })
                        .toList());
    }

    private static long tickMs(int k) {
        return T0 + k * 1_000L + PHASE_MS;
    }

    private static long arrival(int k) {
        return tickMs(k) + POST_MS;
    }

    /** Tick k's samples as one push, its last record stamped last; then the wall clock past a flush. */
    private void push(int k, boolean bad) {
        double errShare = bad ? 0.05 : 0.002;
        double slow = bad ? RPS / 2 : 0;
        ok += RPS * (1 - errShare);
        err += RPS * errShare;
        for (int b = 0; b < LE.length; b++) {
            buckets[b] += LE[b] >= 2.5 ? RPS : RPS - slow;
        }
        List<Sample> push = new ArrayList<>();
        push.add(counter("http_requests_total", Labels.of("instance", "web-0", "code", "200"), ok, tickMs(k)));
        push.add(counter("http_requests_total", Labels.of("instance", "web-0", "code", "500"), err, tickMs(k)));
        for (int b = 0; b < LE.length; b++) {
            String le = Double.isInfinite(LE[b]) ? "+Inf" : String.valueOf(LE[b]);
            push.add(counter(
                    "http_request_duration_seconds_bucket",
                    Labels.of("instance", "web-0", "le", le),
                    buckets[b],
                    tickMs(k)));
        }
        long a = arrival(k);
        advanceTo(a);
        for (int i = 0; i < push.size(); i++) {
            boolean last = i == push.size() - 1;
            PushStamp stamp = last ? new PushStamp(WRITER, a, true, new long[] {a}) : PushStamp.inner(WRITER, a);
            RecordHeaders headers = new RecordHeaders();
            headers.add(PushStamp.HEADER, stamp.encode());
            Sample s = push.get(i);
            samples.pipeInput(new TestRecord<>(s.seriesId(), s, headers, s.timestampMs()));
        }
        advanceTo(a + 100); // stage 1's flush, stage 2's judgement
    }

    private void advanceTo(long ms) {
        if (ms > wall) {
            driver.advanceWallClockTime(Duration.ofMillis(ms - wall));
            wall = ms;
        }
    }

    private static Sample counter(String name, Labels labels, double v, long ts) {
        return new Sample(name, labels, v, ts, SampleKind.COUNTER);
    }
}
