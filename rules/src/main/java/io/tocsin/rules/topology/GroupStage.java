package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Aggregates;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.CatchUp;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.StateMachine;
import io.tocsin.rules.eval.Verdict;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, keyed by (rule, group): keeps the window ring, evaluates the condition when data
 * arrives and on wall-clock ticks, and publishes the state machine's transitions.
 *
 * <p>The task's groups are held in a {@link GroupStore}. A tick evaluates only the groups a
 * {@link DueIndex} says are due, plus every group once after the rule set changed, so removed
 * and changed rules are retired promptly.
 */
final class GroupStage implements Processor<GroupKey, BucketUpdate, String, Alert> {
    private static final Logger log = LoggerFactory.getLogger(GroupStage.class);
    /**
     * Catch-up after a restart, in settle periods (one settle = a partial's trip from stage 1 to
     * stage 2): the outage's backlog goes through stage 1's flush, its commit and the
     * repartition topic once more; a kill -9 test saw it arrive ~1.1 s after the first tick.
     */
    private static final long CATCH_UP_SETTLES = 5;

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<String, Alert> context;
    private GroupStore live;
    private final DueIndex<GroupKey> due = new DueIndex<>();
    /** The rule set the last tick saw; another one means every group is due once. */
    private RuleSet ticked;
    /** Groups per rule in this task's store; enforces max_groups. */
    private final Map<String, Integer> groupCounts = new HashMap<>();
    private final Set<String> warnedCap = new HashSet<>();
    /** Until then an empty window decides nothing: see {@link CatchUp}. */
    private long catchingUpUntilMs;

    GroupStage(Supplier<RuleSet> rules, TopologySettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        // init runs again when a task is revived after a failure: start from the stores alone
        live = new GroupStore(context.getStateStore(RulesTopology.GROUP_STORE),
                context.getStateStore(RulesTopology.GROUP_BUCKET_STORE));
        due.clear();
        groupCounts.clear();
        ticked = null; // the first tick evaluates every restored group
        live.keys().forEach(k -> groupCounts.merge(k.ruleId(), 1, Integer::sum));
        // Restored groups were judged on data up to the outage; the outage's own data is still in
        // stage 1's backlog. A fresh task has no group that a missing window could wrongly end.
        long started = context.currentSystemTimeMs();
        catchingUpUntilMs = groupCounts.isEmpty() ? started : started + CATCH_UP_SETTLES * settings.settle().toMillis();
        context.schedule(settings.evalInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<GroupKey, BucketUpdate> record) {
        Rule rule = rules.get().get(record.key().ruleId());
        if (rule == null) {
            return; // the rule was removed after stage 1 matched it
        }
        long now = context.currentSystemTimeMs();
        GroupState state = live.get(record.key());
        if (state != null && !state.ruleVersion().equals(rule.version())) {
            retire(record.key(), state, now); // a changed rule starts over, its old alert resolved
            state = null;
        }
        BucketUpdate u = record.value();
        boolean heartbeat = u.partial() == null;
        long oldest = now - rule.graceMs(settings.settle()) - rule.historyMs();
        if (!heartbeat && u.bucketStart() + rule.bucketMs() <= oldest) {
            return; // too old to fall in any window still to be evaluated
        }
        if (state == null) {
            if (groupCounts.getOrDefault(rule.id(), 0) >= rule.maxGroups()) {
                if (warnedCap.add(rule.id())) {
                    log.warn("rule {} has reached max_groups {}: new groups are dropped (first: {})", rule.id(),
                            rule.maxGroups(), record.key().group());
                }
                return;
            }
            groupCounts.merge(rule.id(), 1, Integer::sum);
            state = GroupState.fresh(rule.version(), now);
            if (heartbeat) {
                store(record.key(), rule, state, now); // the tick judges absence from now on
                return;
            }
        }
        if (heartbeat) {
            return;
        }
        List<Bucket> buckets = Window.add(state.buckets(), u.bucketStart(), u.partial());
        store(record.key(), rule, evaluate(record.key(), rule, state.with(buckets), now), now);
    }

    private void tick(long now) {
        RuleSet current = rules.get();
        List<GroupKey> keys;
        if (current != ticked) {
            ticked = current;
            keys = new ArrayList<>(live.keys());
            due.clear();
        } else {
            keys = due.takeDue(now);
        }
        for (GroupKey key : keys) {
            GroupState state = live.get(key);
            if (state == null) {
                continue;
            }
            Rule rule = current.get(key.ruleId());
            if (rule == null || !rule.version().equals(state.ruleVersion())) {
                retire(key, state, now);
                continue;
            }
            GroupState next = evaluate(key, rule, state, now);
            boolean forgotten = next.status().phase() == Phase.INACTIVE && next.buckets().isEmpty()
                    && rule.aggregate() != Aggregation.ABSENT; // an absence rule must remember who went quiet
            if (forgotten) {
                forget(key);
                groupCounts.computeIfPresent(key.ruleId(), (k, n) -> n > 1 ? n - 1 : null);
                continue;
            }
            if (!next.equals(state)) {
                store(key, rule, next, now);
            } else {
                due.schedule(key, NextEvaluation.after(now, rule, next, rule.graceMs(settings.settle())));
            }
        }
    }

    private void store(GroupKey key, Rule rule, GroupState state, long now) {
        live.put(key, state);
        due.schedule(key, NextEvaluation.after(now, rule, state, rule.graceMs(settings.settle())));
    }

    private void forget(GroupKey key) {
        live.remove(key);
        due.remove(key);
    }

    private GroupState evaluate(GroupKey key, Rule rule, GroupState state, long now) {
        long grace = rule.graceMs(settings.settle());
        long to = now - grace;
        long from = to - rule.window().toMillis();
        List<Bucket> buckets = Window.prune(state.buckets(), to - rule.historyMs() - rule.bucketMs());
        Partial merged;
        OptionalDouble spike = null;
        if (rule.aggregate() == Aggregation.SPIKE) {
            long base = from - rule.baseline().toMillis();
            merged = Window.merged(buckets, from, to);
            spike = now - state.observedSinceMs() < rule.historyMs()
                    ? OptionalDouble.empty() // no baseline yet: a first burst is not a spike of anything known
                    : Aggregates.spike(merged, Window.merged(buckets, base, from - 1),
                            rule.window().toMillis(), rule.baseline().toMillis());
        } else if (rule.aggregate() == Aggregation.ABSENT) {
            merged = Window.merged(buckets, from - rule.bucketMs(), to); // the sample times decide, see Aggregates
        } else if (grace > 0) {
            merged = Window.mergedClosed(buckets, from, to, rule.bucketMs());
        } else {
            merged = Window.merged(buckets, from, to);
        }
        OptionalDouble value = spike != null ? spike : Aggregates.value(rule, merged, to);
        if (rule.aggregate() == Aggregation.ABSENT && now - state.observedSinceMs() < rule.window().toMillis()) {
            value = OptionalDouble.of(0); // not yet watched for a whole window: silence proves nothing
        }
        if (CatchUp.defers(merged == null || merged.count() == 0, now, catchingUpUntilMs)) {
            return new GroupState(state.ruleVersion(), buckets, state.status(), state.published(), state.observedSinceMs());
        }
        boolean holds = Verdict.holds(state.status().phase(), value, rule.condition(), rule.resolve(), rule.missing());
        StateMachine.Step step = StateMachine.step(state.status(), holds, value.orElse(Double.NaN), now,
                rule.forDuration(), rule.keepFiringFor(), settings.resendInterval());
        Labels published = state.published();
        if (step.emit() != null) {
            published = publish(rule, key, step.next(), step.emit(), now);
        }
        return new GroupState(state.ruleVersion(), buckets, step.next(), published, state.observedSinceMs());
    }

    /** A removed rule's firing alerts resolve, so no receiver is left with a page that never ends. */
    private void retire(GroupKey key, GroupState state, long now) {
        if (state.status().phase() != Phase.INACTIVE && state.published() != null) {
            Alert alert = new Alert(state.published(), null, AlertState.RESOLVED, state.status().value(),
                    Instant.ofEpochMilli(state.status().activeSinceMs()), Instant.ofEpochMilli(now),
                    "rule:" + key.ruleId(), state.ruleVersion(), null);
            context.forward(new Record<>(alert.fingerprint(), alert, now));
        }
        forget(key);
        groupCounts.computeIfPresent(key.ruleId(), (k, n) -> n > 1 ? n - 1 : null);
    }

    private Labels publish(Rule rule, GroupKey key, AlertStatus status, AlertState emit, long now) {
        Labels labels = key.group().with(Labels.of(rule.labels())).with("alertname", rule.alert());
        Instant endsAt = emit == AlertState.RESOLVED ? Instant.ofEpochMilli(now) : null;
        Alert alert = new Alert(labels, rule.renderAnnotations(labels, status.value()), emit, status.value(),
                Instant.ofEpochMilli(status.activeSinceMs()), endsAt, "rule:" + rule.id(), rule.version(), null);
        context.forward(new Record<>(alert.fingerprint(), alert, now));
        return labels;
    }
}
