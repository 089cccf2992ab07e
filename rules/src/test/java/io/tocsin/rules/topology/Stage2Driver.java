package io.tocsin.rules.topology;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.model.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The rules topology on a {@link TopologyTestDriver} whose stage 2 is fed by hand: tests that
 * replay what stage 1 forwarded (progress and partials, in the order a broker delivered them)
 * write to {@link #stage2}, samples go to {@link #samples}, and the wall clock moves in steps
 * small enough that every tick runs.
 */
final class Stage2Driver implements AutoCloseable {
    final TestInputTopic<Integer, UpdateBatch> stage2;
    final TestInputTopic<String, Sample> samples;
    final TestOutputTopic<String, Alert> alerts;
    private final TopologyTestDriver driver;
    private final Instant t0;
    private final Duration step;
    private Instant now;

    /** @param step the largest wall-clock step {@link #clockAt} takes */
    Stage2Driver(RuleSet rules, TopologySettings settings, Instant t0, Duration step) {
        this(rules, settings, t0, step, null);
    }

    /** @param board where stage 2 reports per rule, as for /metrics; may be null */
    Stage2Driver(RuleSet rules, TopologySettings settings, Instant t0, Duration step, WaitingBoard board) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.driver = new TopologyTestDriver(RulesTopology.build(() -> rules, settings, null, board), p, t0);
        this.t0 = t0;
        this.step = step;
        this.now = t0;
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

    Instant now() {
        return now;
    }

    /** Moves the wall clock to T0 + {@code ms}, at most {@code step} at a time. */
    void clockAt(long ms) {
        Instant target = t0.plusMillis(ms);
        while (now.isBefore(target)) {
            Duration next = Duration.between(now, target);
            if (next.compareTo(step) > 0) {
                next = step;
            }
            driver.advanceWallClockTime(next);
            now = now.plus(next);
        }
    }

    /** The states of the alerts published since the last read. */
    List<AlertState> told() {
        return alerts.readValuesToList().stream().map(Alert::state).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
