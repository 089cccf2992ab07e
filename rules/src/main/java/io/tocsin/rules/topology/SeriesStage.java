package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, keyed like the input (by series): finds the rules that select a sample and folds it
 * into a partial per (rule, group, bucket); every flush interval the partials go to stage 2.
 * This map-side combine is what keeps the repartition topic small.
 */
final class SeriesStage implements Processor<String, Sample, GroupKey, BucketUpdate> {
    private static final Logger log = LoggerFactory.getLogger(SeriesStage.class);

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<GroupKey, BucketUpdate> context;
    private KeyValueStore<BucketKey, Partial> combine;

    SeriesStage(Supplier<RuleSet> rules, TopologySettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<GroupKey, BucketUpdate> context) {
        this.context = context;
        this.combine = context.getStateStore(RulesTopology.COMBINE_STORE);
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
        for (Rule rule : rules.get().forMetric(sample.name())) {
            if (!rule.select().matches(sample.labels())) {
                continue;
            }
            Labels group = sample.labels().only(rule.by());
            long bucket = Math.floorDiv(sample.timestampMs(), rule.bucketMs()) * rule.bucketMs();
            BucketKey key = new BucketKey(rule.id(), group, bucket);
            combine.put(key, Partial.merge(combine.get(key), Partial.of(sample.value(), sample.timestampMs())));
        }
    }

    private void flush(long now) {
        List<KeyValue<BucketKey, Partial>> ready = new ArrayList<>();
        try (KeyValueIterator<BucketKey, Partial> it = combine.all()) {
            it.forEachRemaining(ready::add);
        }
        for (KeyValue<BucketKey, Partial> kv : ready) {
            BucketKey k = kv.key;
            context.forward(new Record<>(new GroupKey(k.ruleId(), k.group()),
                    new BucketUpdate(k.bucketStart(), kv.value), Math.max(k.bucketStart(), kv.value.lastTs())));
            combine.delete(k);
        }
    }
}
