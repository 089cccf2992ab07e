package io.tocsin.rules.testing;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The production rules topology in a TopologyTestDriver, driven as a timeline: samples at event
 * times, the wall clock moved in evaluation steps, never slept. Rule unit tests, the
 * {@code tocsin rules test} tool and the module's own tests all run through it.
 */
public final class Timeline implements AutoCloseable {
    private final AtomicReference<RuleSet> rules;
    private final TopologySettings settings;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Sample> samples;
    private final TestInputTopic<String, LogRecord> logs;
    private final TestOutputTopic<String, Alert> alerts;
    private final Path stateDir;
    private Instant now;

    public Timeline(RuleSet ruleSet, Instant start, TopologySettings settings) {
        this.rules = new AtomicReference<>(ruleSet);
        this.settings = settings;
        this.now = start;
        try {
            this.stateDir = Files.createTempDirectory("tocsin-rules-timeline");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-timeline");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(RulesTopology.build(rules::get, settings), p, start);
        samples = driver.createInputTopic(Topics.SAMPLES, Serdes.String().serializer(), JsonSerde.of(Sample.class).serializer());
        logs = driver.createInputTopic(Topics.LOGS, Serdes.String().serializer(), JsonSerde.of(LogRecord.class).serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(), JsonSerde.of(Alert.class).deserializer());
    }

    public Timeline(RuleSet ruleSet, Instant start) {
        this(ruleSet, start, TopologySettings.DEFAULTS);
    }

    public void rules(RuleSet next) {
        rules.set(next);
    }

    public Instant now() {
        return now;
    }

    /** Moves the wall clock to the sample's time if it is ahead, then feeds the sample. */
    public void sample(Sample s) {
        advanceTo(Instant.ofEpochMilli(s.timestampMs()));
        samples.pipeInput(s.seriesId(), s, s.timestampMs());
    }

    /** Moves the wall clock to the line's time if it is ahead, then feeds the line. */
    public void log(LogRecord r) {
        advanceTo(Instant.ofEpochMilli(r.timestampMs()));
        logs.pipeInput(r.streamId(), r, r.timestampMs());
    }

    /**
     * Moves the wall clock forward to {@code t} in evaluation-interval steps: each step runs the
     * stage-1 flush and the stage-2 tick once, as production does at least that often.
     */
    public void advanceTo(Instant t) {
        Duration step = settings.evalInterval();
        while (now.plus(step).compareTo(t) <= 0) {
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
        if (t.isAfter(now)) {
            driver.advanceWallClockTime(Duration.between(now, t));
            now = t;
        }
    }

    public void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    /** The alert state changes published since the last call. */
    public List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
