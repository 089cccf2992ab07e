package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.config.LiveConfig;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The dispatch topology on a TopologyTestDriver, read as a timeline the way Alertmanager's
 * acceptance tests are: {@code at(10).push(alert)}, then {@code at(30)} and see what was told.
 * The driver's wall clock and the notifier's clock move together.
 */
final class Timeline implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(1);
    final ManualClock clock;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final GroupView view = new GroupView();
    private final Instant start;
    private final TestInputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, LedgerEntry> decisions;
    private final TestInputTopic<String, Silence> silences;
    private final TestInputTopic<String, Acknowledgement> acks;

    Timeline(String config, Path stateDir, Instant start) {
        this(new LiveConfig(NotifierConfig.parse(config, "notify.yml", Map.of()), start), stateDir, start);
    }

    /** A timeline whose config a test swaps as a reload does. */
    Timeline(LiveConfig config, Path stateDir, Instant start) {
        this.start = start;
        this.clock = new ManualClock(start);
        Properties props = NotifyTopology.streamsConfig("notify-test", "unused:9092", stateDir, 1);
        driver = new TopologyTestDriver(NotifyTopology.build(config, clock, registry, view), props, start);
        alerts = driver.createInputTopic(
                Topics.ALERTS, new StringSerializer(), JsonSerde.of(Alert.class).serializer());
        silences = driver.createInputTopic(
                Topics.SILENCES,
                new StringSerializer(),
                JsonSerde.of(Silence.class).serializer());
        acks = driver.createInputTopic(
                Topics.ACKS,
                new StringSerializer(),
                JsonSerde.of(Acknowledgement.class).serializer());
        decisions = driver.createOutputTopic(
                Topics.NOTIFICATIONS,
                new StringDeserializer(),
                JsonSerde.of(LedgerEntry.class).deserializer());
    }

    /** Moves both clocks to {@code seconds} after the start, in steps of at most a second. */
    Timeline at(double seconds) {
        Instant target = start.plusMillis(Math.round(seconds * 1000));
        while (clock.instant().isBefore(target)) {
            Duration step = Duration.between(clock.instant(), target);
            // One punctuation per step flushes everything due by then, so steps need not be ticks.
            if (step.compareTo(STEP) > 0) {
                step = STEP;
            }
            clock.advance(step);
            driver.advanceWallClockTime(step);
        }
        return this;
    }

    Timeline push(Alert... batch) {
        for (Alert a : batch) {
            alerts.pipeInput(a.fingerprint(), a, clock.instant());
        }
        return this;
    }

    /** A silence from now for {@code seconds}, matching {@code matchers} like {@code instance=~"db-.*"}. */
    Silence silence(String id, double seconds, String matchers) {
        List<SilenceMatcher> ms = SelectorParser.alertmanager(matchers).stream()
                .map(m -> new SilenceMatcher(m.name(), m.value(), m.op().isRegex(), m.op().isEqual()))
                .toList();
        Silence s = new Silence(
                id,
                ms,
                clock.instant(),
                clock.instant().plusMillis(Math.round(seconds * 1000)),
                "test",
                "",
                clock.instant());
        silences.pipeInput(id, s, clock.instant());
        return s;
    }

    void ack(Alert a, String by) {
        acks.pipeInput(a.fingerprint(), new Acknowledgement(by, "on it", clock.instant()), clock.instant());
    }

    void expire(Silence s) {
        silences.pipeInput(s.id(), s.expiredAt(clock.instant()), clock.instant());
    }

    List<LedgerEntry> decisions() {
        return decisions.readValuesToList();
    }

    /** What was told since the last look, one line per decision: {@code receiver status instance,instance}. */
    List<String> told() {
        return decisions().stream().map(Timeline::line).toList();
    }

    static String line(LedgerEntry d) {
        return d.receiver() + " " + d.status().wireName() + " "
                + d.alerts().stream()
                        .map(a -> a.labels().get("instance")
                                + (a.state() == d.status()
                                        ? ""
                                        : "(" + a.state().wireName() + ")"))
                        .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        driver.close();
    }
}
