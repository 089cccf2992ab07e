package io.tocsin.rules.topology;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1 for logs, keyed like tocsin.logs.v1 (by stream): each line a log rule selects counts
 * one in its (rule, group, bucket) partial; a log rule is an input of its own, named by its id.
 * The partials go to the same stage 2 as metric rules.
 */
final class LogStage implements Processor<String, LogRecord, Integer, UpdateBatch> {
    private static final Logger log = LoggerFactory.getLogger(LogStage.class);

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private final InputLag lag;
    private final Listeners listeners;
    private ProcessorContext<Integer, UpdateBatch> context;
    private final CombineBuffer combine = new CombineBuffer();
    private SourceClock clock;
    private StageWakeup wakeup;

    LogStage(Supplier<RuleSet> rules, TopologySettings settings, InputLag lag, Listeners listeners) {
        this.rules = rules;
        this.settings = settings;
        this.lag = lag;
        this.listeners = listeners;
    }

    @Override
    public void init(ProcessorContext<Integer, UpdateBatch> context) {
        this.context = context;
        combine.clear(); // init runs again when a task is revived: its unsent counts are read again
        clock = new SourceClock(
                new Progress.Source(Progress.Input.LOGS, context.taskId().partition()),
                settings.idleAfter().toMillis(),
                settings.keepAlive().toMillis(),
                settings.progressRepeat().toMillis(),
                context.currentSystemTimeMs(),
                () -> lag.caughtUp(Topics.LOGS, context.taskId().partition()),
                listeners::epoch);
        CommitHook.register(context, RulesTopology.LOG_COMMIT, () -> {
            long now = context.currentSystemTimeMs();
            combine.flush(context, List.of(), clock, now);
            plan(now);
        });
        wakeup = new StageWakeup(context, this::tick);
        plan(context.currentSystemTimeMs());
    }

    /** The next punctuation, only when something is due: see {@link NextWake#stage1}. */
    private void plan(long now) {
        long flush = settings.flushInterval().toMillis();
        wakeup.by(NextWake.stage1(combine.oldestMs(), flush, clock.nextDue(now, flush)), now);
    }

    @Override
    public void process(Record<String, LogRecord> record) {
        LogRecord line = record.value();
        if (line == null) {
            context.recordMetadata()
                    .ifPresent(m ->
                            log.warn("skipping an empty log record at {}-{}@{}", m.topic(), m.partition(), m.offset()));
            return;
        }
        clock.read(line.timestampMs(), context.currentSystemTimeMs());
        for (Rule rule : rules.get().logRules()) {
            if (!rule.logs().matches(line)) {
                continue;
            }
            long bucket = Math.floorDiv(line.timestampMs(), rule.bucketMs()) * rule.bucketMs();
            Target target = combine.target(rule.id(), rule.groupLabels(line.labels()));
            combine.add(target, bucket, Partial.of(1, line.timestampMs()), context.currentSystemTimeMs());
        }
        plan(context.currentSystemTimeMs());
    }

    /**
     * Commits forward the counts; this catches counts that waited a whole flush interval for one,
     * and sends progress. It runs only when one of these is due ({@link #plan}).
     */
    private void tick(long now) {
        if (combine.isEmpty()
                || now - combine.oldestMs() >= settings.flushInterval().toMillis()) {
            combine.flush(context, List.of(), clock, now);
        }
        wakeup.next(NextWake.NEVER, now);
        plan(now);
    }
}
