package io.tocsin.rules.testing;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.TickHorizon;
import io.tocsin.rules.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production rules topology in a TopologyTestDriver, driven as a timeline: samples at event
 * times, the wall clock moved in evaluation steps, never slept. Rule unit tests, the
 * {@code tocsin rules test} tool and the module's own tests all run through it.
 *
 * <p>{@link Stepping#SKIP_QUIET} gives the same run as {@link Stepping#EVERY_STEP} in fewer
 * moves: stage 2 tells the clock ({@link TickHorizon}) until when no tick can act, and the clock
 * crosses the steps before that time in one move, landing on the step where the stepped run's
 * first acting tick happens, with the same state.
 */
public final class Timeline implements AutoCloseable {
    /** How the wall clock crosses time in which nothing can happen. */
    public enum Stepping {
        /** One evaluation interval at a time, every tick run: the reference. */
        EVERY_STEP,
        /** Steps before the first tick that can act are crossed in one move. */
        SKIP_QUIET
    }

    private final AtomicReference<RuleSet> rules;
    private final TopologySettings settings;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Sample> samples;
    private final TestInputTopic<String, LogRecord> logs;
    private final TestOutputTopic<String, Alert> alerts;
    private final Path stateDir;
    private final boolean skipQuiet;
    private final TickHorizon horizon = new TickHorizon();
    private Instant now;
    private long moves;

    public Timeline(RuleSet ruleSet, Instant start, TopologySettings settings) {
        this(ruleSet, start, settings, Stepping.EVERY_STEP);
    }

    public Timeline(RuleSet ruleSet, Instant start, TopologySettings settings, Stepping stepping) {
        this.skipQuiet = stepping == Stepping.SKIP_QUIET;
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
        driver = new TopologyTestDriver(RulesTopology.build(rules::get, settings, horizon), p, start);
        samples = driver.createInputTopic(
                Topics.SAMPLES,
                Serdes.String().serializer(),
                JsonSerde.of(Sample.class).serializer());
        logs = driver.createInputTopic(
                Topics.LOGS,
                Serdes.String().serializer(),
                JsonSerde.of(LogRecord.class).serializer());
        alerts = driver.createOutputTopic(
                Topics.ALERTS,
                Serdes.String().deserializer(),
                JsonSerde.of(Alert.class).deserializer());
    }

    public Timeline(RuleSet ruleSet, Instant start) {
        this(ruleSet, start, TopologySettings.DEFAULTS.withIdleAfter(java.time.Duration.ZERO));
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
     * stage-1 punctuation and the stage-2 tick once, as production does at least that often.
     * Skipping, the steps before the first one whose tick can act are crossed in one move: their
     * ticks would find nothing due, and a tick fires once on a move however long.
     */
    public void advanceTo(Instant t) {
        long step = settings.evalInterval().toMillis();
        long target = t.toEpochMilli();
        while (now.toEpochMilli() + step <= target) {
            long steps = 1;
            long quiet = skipQuiet ? horizon.quietUntil() : 0;
            if (quiet > now.toEpochMilli() + step) {
                long untilActing =
                        quiet == Long.MAX_VALUE ? Long.MAX_VALUE : (quiet - now.toEpochMilli() + step - 1) / step;
                steps = Math.min((target - now.toEpochMilli()) / step, untilActing);
            }
            move(steps * step);
        }
        if (t.isAfter(now)) {
            move(target - now.toEpochMilli());
        }
    }

    private void move(long ms) {
        driver.advanceWallClockTime(Duration.ofMillis(ms));
        now = now.plusMillis(ms);
        moves++;
    }

    /** How many times the clock was moved: each move runs the due punctuations once. */
    public long moves() {
        return moves;
    }

    public void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    /** The alert state changes published since the last call. */
    public List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    /** The alert state changes published since the last call, each with the time it was published at. */
    public List<TestRecord<String, Alert>> alertRecords() {
        return alerts.readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
