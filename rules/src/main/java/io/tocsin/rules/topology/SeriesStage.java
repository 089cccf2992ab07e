package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, keyed like the input (by series): finds the rules that select a sample, turns counter
 * samples into increases (one last value per series, so resets are seen where the series lives),
 * and folds them into a partial per (rule, group, bucket), one for all the rules that read input
 * alike ({@link InputShare}); every flush interval the partials go to stage 2, batched by slot.
 * This map-side combine is what keeps the repartition topic small.
 */
final class SeriesStage implements Processor<String, Sample, Integer, UpdateBatch> {
    private static final Logger log = LoggerFactory.getLogger(SeriesStage.class);

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<Integer, UpdateBatch> context;
    private CombineBuffer combine;
    private WriteBackStore<String, CounterDelta.Last> counters;
    /** The counters' last values; the store gets the changed ones before each commit and is read at start. */
    private final Map<String, Counter> lastValues = new HashMap<>();
    /** Changed since the last write-back. */
    private final List<Counter> changedCounters = new ArrayList<>();

    /** One map entry per series, so a sample costs one lookup. */
    private static final class Counter {
        final String series;
        CounterDelta.Last last;
        boolean changed;

        Counter(String series) {
            this.series = series;
        }
    }
    private long lastHeartbeat; // 0: the first flush sends one
    private RuleSet sharesOf;
    private InputShares shares;

    SeriesStage(Supplier<RuleSet> rules, TopologySettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Integer, UpdateBatch> context) {
        this.context = context;
        this.combine = new CombineBuffer(WriteBackStore.of(context.getStateStore(RulesTopology.COMBINE_STORE)));
        this.counters = WriteBackStore.of(context.getStateStore(RulesTopology.COUNTER_STORE));
        lastValues.clear(); // init runs again when a task is revived after a failure
        changedCounters.clear();
        try (KeyValueIterator<String, CounterDelta.Last> it = counters.all()) {
            it.forEachRemaining(kv -> lastValues.computeIfAbsent(kv.key, Counter::new).last = kv.value);
        }
        counters.beforeCommit(() -> {
            for (Counter c : changedCounters) {
                counters.put(c.series, c.last);
                c.changed = false;
            }
            changedCounters.clear();
        });
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, Sample> record) {
        Sample sample = record.value();
        if (sample == null) {
            context.recordMetadata().ifPresent(m ->
                    log.warn("skipping an empty sample at {}-{}@{}", m.topic(), m.partition(), m.offset()));
            return;
        }
        String name = sample.name();
        Labels labels = sample.labels();
        long ts = sample.timestampMs();
        Double increase = null;
        boolean increaseKnown = false;
        for (InputShare share : shares().forMetric(name)) {
            Rule rule = share.first();
            boolean inSelect = rule.select().metric().equals(name) && rule.select().matches(labels);
            boolean inOver = rule.over() != null && rule.over().metric().equals(name) && rule.over().matches(labels);
            if (!inSelect && !inOver) {
                continue;
            }
            double value = sample.value();
            if (rule.aggregate().readsCounters()) {
                if (!increaseKnown) {
                    increase = counterIncrease(sample);
                    increaseKnown = true;
                }
                if (increase == null) {
                    continue;
                }
                value = increase;
            }
            Partial p = SamplePartials.of(rule, labels, value, ts, inSelect, inOver);
            if (p == null) {
                continue;
            }
            long bucket = Math.floorDiv(ts, rule.bucketMs()) * rule.bucketMs();
            combine.add(new BucketKey(share.id(), labels.only(rule.by()), bucket), p);
        }
    }

    /** Rebuilt when the rule set changes: a reload is seen at the next sample. */
    private InputShares shares() {
        RuleSet current = rules.get();
        if (current != sharesOf) {
            shares = InputShares.of(current);
            sharesOf = current;
        }
        return shares;
    }

    private Double counterIncrease(Sample sample) {
        String series = sample.seriesId();
        Counter c = lastValues.computeIfAbsent(series, Counter::new);
        CounterDelta.Last prev = c.last;
        CounterDelta.Step step = CounterDelta.next(prev, sample.value(), sample.timestampMs());
        if (step.next() != prev) {
            c.last = step.next();
            if (!c.changed) {
                c.changed = true;
                changedCounters.add(c);
            }
        }
        return step.increase();
    }

    private void flush(long now) {
        List<BucketUpdate> heartbeats = List.of();
        if (now - lastHeartbeat >= settings.evalInterval().toMillis()) {
            lastHeartbeat = now;
            heartbeats = heartbeats(now);
        }
        combine.flush(context, heartbeats, now);
    }

    /**
     * An absence rule over a whole selection must be judged even if no sample ever arrives, but
     * stage 2 only knows groups it was told about: every task names the selection's one group to
     * stage 2, whose owner starts watching it.
     */
    private List<BucketUpdate> heartbeats(long now) {
        List<BucketUpdate> out = new ArrayList<>();
        for (Rule rule : rules.get().all()) {
            InputShare input = shares().ofRule(rule.id());
            if (rule.aggregate() == Aggregation.ABSENT && rule.by().isEmpty() && input != null) {
                out.add(new BucketUpdate(input.id(), Labels.EMPTY, now, null));
            }
        }
        return out;
    }
}
