package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluator as a timeline: samples at event times, the wall clock driven, never slept. */
class RulesTopologyTest {
    private static final String RULES = """
            groups:
              - name: dc
                rules:
                  - alert: RoomTooHot
                    select: 'temperature_celsius{site="dc1"}'
                    aggregate: avg
                    window: 1m
                    by: [room]
                    condition: '> 30'
                    for: 30s
                    labels: {severity: warning}
                    annotations:
                      summary: 'Room {{ $labels.room }} averages {{ $value }}°C'
            """;
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final AtomicReference<RuleSet> rules = new AtomicReference<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Sample> samples;
    private TestOutputTopic<String, Alert> alerts;
    private Instant now = T0;

    @BeforeEach
    void start() {
        rules.set(new RuleSet(RuleParser.parse(RULES, "dc.rules.yml").rules()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                RulesTopology.build(rules::get, TopologySettings.DEFAULTS.withIdleAfter(Duration.ZERO)), p, T0);
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
    void aBreachGoesPendingThenFiresAfterForThenResolvesWhenTheDataRecovers() {
        at(0, "a", 35);
        assertStates(AlertState.PENDING);
        for (int s = 5; s < 30; s += 5) {
            at(s, "a", 35);
        }
        assertStates();
        at(30, "a", 35);
        tick(1); // for is counted from when the condition first held: at T0, as the first sample was committed
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(1, fired.size());
        Alert alert = fired.get(0);
        assertEquals(AlertState.FIRING, alert.state());
        assertEquals(Labels.of("alertname", "RoomTooHot", "room", "a", "severity", "warning"), alert.labels());
        assertEquals(T0.plusSeconds(30), alert.startsAt(), "startsAt is when it fired, as Prometheus sends it");
        assertEquals(
                T0.toString(),
                alert.annotations().get(RulesTopology.PENDING_SINCE),
                "when the condition began to hold is kept for the console");
        assertEquals("Room a averages 35°C", alert.annotations().get("summary"));
        assertEquals("rule:dc/RoomTooHot", alert.source());
        assertEquals("dc.rules.yml", alert.ruleFile(), "the alert names the file its rule is written in");
        assertEquals(4, alert.ruleLine(), "and the rule's line there");

        // Cooler readings pull the 1-minute average under 30 only once they dominate the window.
        for (int s = 35; s <= 120; s += 5) {
            at(s, "a", 20);
        }
        List<Alert> after = alerts.readValuesToList();
        assertEquals(1, after.size(), after.toString());
        assertEquals(AlertState.RESOLVED, after.get(0).state());
        assertEquals(alert.fingerprint(), after.get(0).fingerprint());
        assertTrue(after.get(0).endsAt() != null);
    }

    @Test
    void eachGroupHasItsOwnStateAndUnselectedSeriesAreIgnored() {
        at(0, "a", 35);
        at(1, "b", 25);
        pipe(sample("temperature_celsius", Labels.of("site", "dc2", "room", "c"), 99), 2);
        pipe(sample("humidity", Labels.of("site", "dc1", "room", "d"), 99), 2);
        tick(1);
        List<Alert> out = alerts.readValuesToList();
        assertEquals(1, out.size(), out.toString());
        assertEquals("a", out.get(0).labels().get("room"));
    }

    @Test
    void missingDataResolvesByTheWallClockWithoutNewInput() {
        rules.set(new RuleSet(RuleParser.parse(RULES.replace("for: 30s", "for: 0s"), "dc.rules.yml")
                .rules()));
        at(0, "a", 40);
        assertStates(AlertState.FIRING);
        tick(61);
        assertStates(AlertState.RESOLVED);
    }

    @Test
    void aFiringAlertIsRepublishedEveryResendInterval() {
        rules.set(new RuleSet(RuleParser.parse(RULES.replace("for: 30s", "for: 0s"), "dc.rules.yml")
                .rules()));
        for (int s = 0; s <= 65; s += 5) {
            at(s, "a", 40);
        }
        assertStates(AlertState.FIRING, AlertState.FIRING);
    }

    @Test
    void aRemovedRuleResolvesWhatItFired() {
        rules.set(new RuleSet(RuleParser.parse(RULES.replace("for: 30s", "for: 0s"), "dc.rules.yml")
                .rules()));
        at(0, "a", 40);
        assertStates(AlertState.FIRING);
        rules.set(RuleSet.EMPTY);
        tick(1);
        List<Alert> out = alerts.readValuesToList();
        assertEquals(1, out.size());
        assertEquals(AlertState.RESOLVED, out.get(0).state());
        assertEquals("warning", out.get(0).labels().get("severity"), "resolves the same alert it fired");
    }

    @Test
    void aSampleThatCannotBeReadIsSkippedAndTheSeriesGoesOn() {
        at(0, "a", 35); // the series is known from here on: its later samples are read without their labels
        TestInputTopic<String, String> raw = driver.createInputTopic(
                Topics.SAMPLES, Serdes.String().serializer(), Serdes.String().serializer());
        String key = sample("temperature_celsius", Labels.of("site", "dc1", "room", "a"), 0)
                .seriesId();
        raw.pipeInput(key, "{\"value\": \"hot\"", T0.plusSeconds(1).toEpochMilli());
        raw.pipeInput("unknown-series", "[1, 2]", T0.plusSeconds(1).toEpochMilli());
        assertStates(AlertState.PENDING);
        for (int s = 5; s <= 30; s += 5) {
            at(s, "a", 35);
        }
        tick(1);
        assertStates(AlertState.FIRING);
    }

    /** A sample for room {@code room} at T0 + seconds, then the wall clock moved to just after it. */
    private void at(int seconds, String room, double celsius) {
        pipe(sample("temperature_celsius", Labels.of("site", "dc1", "room", room), celsius), seconds);
        tick(0);
    }

    private void pipe(Sample s, int seconds) {
        long ts = T0.plusSeconds(seconds).toEpochMilli();
        Sample timed = new Sample(s.name(), s.labels(), s.value(), ts, s.kind());
        samples.pipeInput(timed.seriesId(), timed, ts);
        Instant target = T0.plusSeconds(seconds);
        if (target.isAfter(now)) {
            driver.advanceWallClockTime(Duration.between(now, target));
            now = target;
        }
    }

    /** Moves the wall clock on by {@code seconds} plus one flush interval, a second at a time. */
    private void tick(int seconds) {
        for (int i = 0; i < seconds; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            now = now.plusSeconds(1);
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));
        now = now.plusMillis(100);
    }

    private void assertStates(AlertState... expected) {
        List<AlertState> got =
                alerts.readValuesToList().stream().map(Alert::state).toList();
        assertEquals(List.of(expected), got);
    }

    private static Sample sample(String name, Labels labels, double v) {
        return new Sample(name, labels, v, 0, SampleKind.GAUGE);
    }
}
