package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.StateMachine;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2, keyed by (rule, group): keeps the window ring, evaluates the condition when data
 * arrives and on every wall-clock tick, and publishes the state machine's transitions.
 */
final class GroupStage implements Processor<GroupKey, BucketUpdate, String, Alert> {
    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<GroupKey, GroupState> groups;

    GroupStage(Supplier<RuleSet> rules, TopologySettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.groups = context.getStateStore(RulesTopology.GROUP_STORE);
        context.schedule(settings.evalInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<GroupKey, BucketUpdate> record) {
        Rule rule = rules.get().get(record.key().ruleId());
        if (rule == null) {
            return; // the rule was removed after stage 1 matched it
        }
        long now = context.currentSystemTimeMs();
        GroupState state = groups.get(record.key());
        if (state != null && !state.ruleVersion().equals(rule.version())) {
            retire(record.key(), state, now); // a changed rule starts over, its old alert resolved
            state = null;
        }
        if (state == null) {
            state = GroupState.fresh(rule.version());
        }
        BucketUpdate u = record.value();
        if (u.bucketStart() + rule.bucketMs() <= now - rule.window().toMillis()) {
            return; // too old to fall in any window still to be evaluated
        }
        List<Bucket> buckets = Window.add(state.buckets(), u.bucketStart(), u.partial());
        groups.put(record.key(), evaluate(record.key(), rule, state.with(buckets), now));
    }

    private void tick(long now) {
        List<KeyValue<GroupKey, GroupState>> all = new ArrayList<>();
        try (KeyValueIterator<GroupKey, GroupState> it = groups.all()) {
            it.forEachRemaining(all::add);
        }
        RuleSet current = rules.get();
        for (KeyValue<GroupKey, GroupState> kv : all) {
            Rule rule = current.get(kv.key.ruleId());
            if (rule == null || !rule.version().equals(kv.value.ruleVersion())) {
                retire(kv.key, kv.value, now);
                continue;
            }
            GroupState next = evaluate(kv.key, rule, kv.value, now);
            if (next.status().phase() == Phase.INACTIVE && next.buckets().isEmpty()) {
                groups.delete(kv.key);
            } else if (!next.equals(kv.value)) {
                groups.put(kv.key, next);
            }
        }
    }

    private GroupState evaluate(GroupKey key, Rule rule, GroupState state, long now) {
        long from = now - rule.window().toMillis();
        List<Bucket> buckets = Window.prune(state.buckets(), from - rule.bucketMs());
        OptionalDouble value = Window.aggregate(buckets, from, now, rule.aggregate());
        boolean holds = value.isPresent() && rule.condition().test(value.getAsDouble());
        StateMachine.Step step = StateMachine.step(state.status(), holds, value.orElse(Double.NaN), now,
                rule.forDuration(), settings.resendInterval());
        Labels published = state.published();
        if (step.emit() != null) {
            published = publish(rule, key, step.next(), step.emit(), now);
        }
        return new GroupState(state.ruleVersion(), buckets, step.next(), published);
    }

    /** A removed rule's firing alerts resolve, so no receiver is left with a page that never ends. */
    private void retire(GroupKey key, GroupState state, long now) {
        if (state.status().phase() != Phase.INACTIVE && state.published() != null) {
            Alert alert = new Alert(state.published(), null, AlertState.RESOLVED, state.status().value(),
                    Instant.ofEpochMilli(state.status().activeSinceMs()), Instant.ofEpochMilli(now),
                    "rule:" + key.ruleId(), state.ruleVersion(), null);
            context.forward(new Record<>(alert.fingerprint(), alert, now));
        }
        groups.delete(key);
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
