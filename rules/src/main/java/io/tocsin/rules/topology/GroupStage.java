package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.StateMachine;
import io.tocsin.rules.eval.Verdict;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, keyed by slot (a hash of input and group): keeps one window ring per (input, group),
 * evaluates each rule of the input over it when data has arrived (once per commit) and on
 * wall-clock ticks, and publishes the state machines' transitions.
 *
 * <p>The task's state is held in a {@link GroupStore}. A tick evaluates only the groups a
 * {@link DueIndex} says are due, plus every group once after the rule set changed, so removed
 * and changed rules are retired promptly.
 */
final class GroupStage implements Processor<Integer, UpdateBatch, String, Alert> {
    private static final Logger log = LoggerFactory.getLogger(GroupStage.class);

    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<String, Alert> context;
    private GroupStore live;
    /** Holds the parts of pushes not yet whole, for shares judged by arrival. */
    private WholePushes pushes;
    /** Per input share, in its judgement time: see {@link InputProgress}. */
    private final Map<String, DueIndex<GroupKey>> dues = new HashMap<>();
    /** Where the input stands: windows are judged only up to where their data is complete. */
    private InputProgress progress;

    private long startedMs;
    /** The rule set the last tick saw; another one means every group is due once. */
    private RuleSet ticked;
    /** The tick runs only when something is due: see {@link #planTick}. */
    private StageWakeup wakeup;

    private long lastTickMs;

    private RuleSet inputsOf;
    private InputShares inputs;
    /** Groups per rule in this task's store; enforces max_groups. */
    private final Map<String, Integer> groupCounts = new HashMap<>();

    private final Set<String> warnedCap = new HashSet<>();
    /** Rings evaluated on data since the last commit. */
    private final Set<RingKey> evaluated = new HashSet<>();
    /** Rings of the record being processed that are judged as soon as the whole record is in. */
    private final List<RingKey> judgedAfterRecord = new ArrayList<>();
    /** Rings that took more data after that: their rules are evaluated as the commit is prepared. */
    private final Set<RingKey> touched = new LinkedHashSet<>();
    /** Rings that gained or lost a bucket since their rules were last evaluated on data: their due times move. */
    private final Set<RingKey> reshaped = new HashSet<>();
    /** Whether the record being processed changed an alert. */
    private boolean emitted;
    /** Null in production; see {@link TickHorizon}. */
    private final TickHorizon horizon;
    /** Where each rule's evaluation waits for its input, for /metrics; null when nobody reads it. */
    private final WaitingBoard board;

    GroupStage(Supplier<RuleSet> rules, TopologySettings settings, TickHorizon horizon, WaitingBoard board) {
        this.rules = rules;
        this.settings = settings;
        this.horizon = horizon;
        this.board = board;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        // init runs again when a task is revived after a failure: start from the stores alone
        live = new GroupStore(
                context.getStateStore(RulesTopology.GROUP_STORE),
                context.getStateStore(RulesTopology.GROUP_BUCKET_STORE));
        touched.clear();
        evaluated.clear();
        judgedAfterRecord.clear();
        reshaped.clear();
        CommitHook.register(context, RulesTopology.GROUP_COMMIT, this::beforeCommit);
        dues.clear();
        groupCounts.clear();
        ticked = null; // the first tick evaluates every restored group
        live.groups().forEach(k -> groupCounts.merge(k.ruleId(), 1, Integer::sum));
        // Restored groups were judged on data up to the outage; the outage's own data is still in
        // stage 1's backlog: nothing is judged until every source said how far it has read.
        startedMs = context.currentSystemTimeMs();
        progress = new InputProgress(settings.inputPartitions(), startedMs);
        pushes = new WholePushes(new AheadStore(context.getStateStore(RulesTopology.AHEAD_STORE)), progress);
        wakeup = new StageWakeup(context, this::tick);
        lastTickMs = startedMs;
        planTick(startedMs);
    }

    /**
     * The next tick ({@link NextWake#stage2}): at the first due time, at most once an evaluation
     * interval; after a rule set change, within one interval of the last tick. Called after every
     * tick, record and commit, as each can bring a due time forward. A reload is seen at the next
     * record: stage 1 repeats its progress every keep-alive period even when idle.
     */
    private void planTick(long now) {
        long first = Long.MAX_VALUE;
        for (DueIndex<GroupKey> due : dues.values()) {
            first = Math.min(first, due.firstDue());
        }
        wakeup.by(NextWake.stage2(first, lastTickMs, settings.evalInterval().toMillis(), rules.get() != ticked), now);
    }

    @Override
    public void close() {
        if (board != null) {
            board.forget(context.taskId().partition());
        }
    }

    @Override
    public void process(Record<Integer, UpdateBatch> record) {
        long now = context.currentSystemTimeMs();
        RuleSet current = rules.get();
        emitted = false;
        UpdateBatch batch = record.value();
        if (batch.progress() != null) {
            if (progress.report(batch.progress())) {
                pushes.release(inputs(current), ring(now));
                judgeDue(current, now); // windows whose data is now complete are judged at once
                reportHorizon();
            }
        }
        for (BucketUpdate u : batch.updates()) {
            InputShare input = inputs(current).get(u.inputId());
            if (input != null) { // else its rules were removed after stage 1 matched them
                if (u.partial() != null) {
                    progress.fed(input.id(), batch.source());
                }
                if (u.partial() == null) {
                    heartbeat(live.canonical(u.group()), input.rules(), now);
                } else {
                    pushes.offer(u, input, live.canonical(u.group()), inputs(current), ring(now));
                }
            }
        }
        // Judged once the whole record is in its rings, never between two of its buckets: a
        // stage-1 backlog (after its owner died) lists many buckets of a group in no particular
        // order, and a window holding its newest bucket but not yet the older ones beside it
        // resolved a firing alert and fired it again as a new episode (issue 18).
        for (RingKey ringKey : judgedAfterRecord) {
            InputShare input = inputs(current).get(ringKey.inputId());
            if (input != null) {
                touched.remove(ringKey); // judged now on all of it; later records touch it again
                evaluateRing(ringKey, input.rules(), now);
            }
        }
        judgedAfterRecord.clear();
        if (emitted) {
            context.commit(); // an alert changed: publish it now rather than at the next interval
        }
        planTick(now);
    }

    /** Where a part goes once it may be judged; its ring is judged once the record is in. */
    private WholePushes.Ring ring(long now) {
        return (input, group, bucketStart, partial) -> addToRing(input, group, bucketStart, partial, now);
    }

    private void addToRing(InputShare input, Labels group, long bucketStart, Partial partial, long now) {
        List<Rule> members = input.rules();
        long bucketMs = members.get(0).bucketMs(); // the same for every rule of an input
        long oldest = judgedOrNow(input, now) - retentionMs(members);
        if (bucketStart + bucketMs <= oldest) {
            return; // too old to fall in any window still to be evaluated
        }
        RingKey ringKey = new RingKey(input.id(), group); // the share's id: its hash is known
        List<Bucket> ring = live.ring(ringKey);
        if (ring.isEmpty() && !admitsAny(group, members, now)) {
            return; // a group every rule refuses (max_groups) gets no ring
        }
        List<Bucket> next = Window.prune(Window.add(ring, bucketStart, partial), oldest - bucketMs);
        live.putRing(ringKey, next);
        if (!sameBuckets(ring, next)) {
            reshaped.add(ringKey);
        }
        if (evaluated.add(ringKey)) {
            judgedAfterRecord.add(ringKey); // the first data since the last commit: judged with its record
        } else {
            touched.add(ringKey); // more of it is judged once, as the commit is prepared
        }
    }

    private boolean admitsAny(Labels group, List<Rule> members, long now) {
        boolean any = false;
        for (Rule rule : members) {
            GroupKey key = new GroupKey(rule.id(), group);
            if (admitted(key, rule, judgedOrNow(inputs(rules.get()).ofRule(rule.id()), now)) != null) {
                any = true;
            }
        }
        return any;
    }

    /**
     * A ring's rules are evaluated once the record that brings its first data since the last commit
     * has been applied, so that an alert that changes is published at once (a commit is
     * requested); further data for it before the commit is evaluated once, as the commit is
     * prepared: a group's series reach stage 2 from every stage-1 task, one update from each per
     * commit.
     */
    private void beforeCommit() {
        if (!touched.isEmpty()) {
            long now = context.currentSystemTimeMs();
            RuleSet current = rules.get();
            for (RingKey ringKey : touched) {
                InputShare input = inputs(current).get(ringKey.inputId());
                if (input != null) {
                    evaluateRing(ringKey, input.rules(), now);
                }
            }
            touched.clear();
        }
        evaluated.clear();
        live.writeBack();
        pushes.writeBack();
        reportHorizon();
        planTick(context.currentSystemTimeMs());
    }

    private void reportHorizon() {
        if (horizon != null) {
            RuleSet current = rules.get();
            horizon.report(current != ticked || !touched.isEmpty() || awaitsHeartbeat(current) ? 0 : firstDue());
        }
    }

    /** The earliest due time, or 0 while an input lags the wall clock: its progress, not the clock, moves it. */
    private long firstDue() {
        long now = context.currentSystemTimeMs();
        long first = Long.MAX_VALUE;
        for (Map.Entry<String, DueIndex<GroupKey>> e : dues.entrySet()) {
            if (e.getValue().size() > 0) {
                if (judgedUntil(e.getKey(), now) < now) {
                    return 0;
                }
                first = Math.min(first, e.getValue().firstDue());
            }
        }
        return first;
    }

    /** A selection-wide absence group that stage 1's next heartbeat will create: that tick acts. */
    private boolean awaitsHeartbeat(RuleSet current) {
        for (Rule rule : current.all()) {
            if (rule.aggregate() == Aggregation.ABSENT
                    && rule.singleGroup()
                    && live.header(new GroupKey(rule.id(), Labels.EMPTY)) == null) {
                return true;
            }
        }
        return false;
    }

    private void evaluateRing(RingKey ringKey, List<Rule> members, long now) {
        List<Bucket> ring = live.ring(ringKey);
        RingMerges merges = new RingMerges(ring);
        boolean moved = reshaped.remove(ringKey);
        long t = judgedUntil(ringKey.inputId(), now);
        long newest = ring.isEmpty()
                ? Long.MIN_VALUE
                : ring.get(ring.size() - 1).partial().lastTs();
        for (Rule rule : members) {
            GroupKey key = new GroupKey(rule.id(), ringKey.group());
            GroupState state = admitted(key, rule, t == InputProgress.UNKNOWN ? now : t);
            if (state != null) {
                GroupState next = evaluate(key, rule, state, merges, t, now);
                if (next != state) {
                    live.putHeader(key, next);
                }
                if (next != state || moved || !keepsItsDueTime(rule, next)) {
                    schedule(key, ringKey.inputId(), rule, next, ring, t);
                } else if (newest > t) {
                    // data the judgement has not reached: due when the input catches up with it
                    dueOf(ringKey.inputId()).scheduleNoLaterThan(key, newest + WindowReading.explicitGraceMs(rule));
                }
            }
        }
    }

    /**
     * Whether an inactive group's due time still holds after new data that added or dropped no
     * bucket: it is the earliest bucket boundary after the time it was computed, and the boundaries
     * are where they were. Not so for an absence (its newest sample's time counts) or a prediction
     * (it is due at every tick). Skipping the index here was a twentieth of the stream thread.
     */
    private static boolean keepsItsDueTime(Rule rule, GroupState state) {
        return state.status().phase() == Phase.INACTIVE
                && rule.aggregate() != Aggregation.ABSENT
                && rule.aggregate() != Aggregation.PREDICT_LINEAR;
    }

    /** Rings are ordered by start and only gain or lose buckets at the ends or by late data: this tells them apart. */
    private static boolean sameBuckets(List<Bucket> a, List<Bucket> b) {
        return a.size() == b.size()
                && (a.isEmpty()
                        || a.get(0).start() == b.get(0).start()
                                && a.get(a.size() - 1).start()
                                        == b.get(b.size() - 1).start());
    }

    /**
     * An absence rule over a whole selection is told of its one group even when no sample comes,
     * so that the tick can judge it.
     */
    private void heartbeat(Labels group, List<Rule> members, long now) {
        for (Rule rule : members) {
            GroupKey key = new GroupKey(rule.id(), group);
            if (rule.aggregate() == Aggregation.ABSENT && live.header(key) == null) {
                InputShare input = inputs(rules.get()).ofRule(rule.id());
                GroupState fresh = admitted(key, rule, judgedOrNow(input, now));
                if (fresh != null) {
                    schedule(key, input.id(), rule, fresh, List.of(), judgedUntil(input, now));
                }
            }
        }
    }

    /**
     * @return the group's stored state; a fresh one, stored, if it is new or its rule changed; null when
     *     max_groups refuses it
     */
    private GroupState admitted(GroupKey key, Rule rule, long now) {
        GroupState state = live.header(key);
        if (state != null && !state.ruleVersion().equals(rule.version())) {
            retire(key, state, now); // a changed rule starts over, its old alert resolved
            state = null;
        }
        if (state != null) {
            return state;
        }
        if (groupCounts.getOrDefault(rule.id(), 0) >= rule.maxGroups()) {
            if (warnedCap.add(rule.id())) {
                log.warn(
                        "rule {} has reached max_groups {}: new groups are dropped (first: {})",
                        rule.id(),
                        rule.maxGroups(),
                        key.group());
            }
            return null;
        }
        groupCounts.merge(rule.id(), 1, Integer::sum);
        GroupState fresh = GroupState.fresh(rule.version(), now);
        live.putHeader(key, fresh);
        InputShare input = inputs(rules.get()).ofRule(rule.id());
        if (input != null) {
            dueOf(input.id()).schedule(key, Long.MIN_VALUE + 1); // the next tick works out when it is really due
        }
        return fresh;
    }

    private void tick(long now) {
        RuleSet current = rules.get();
        if (current != ticked) {
            ticked = current;
            dues.clear();
            evaluateDue(new ArrayList<>(live.groups()), current, now);
            dropUnreadRings(current);
        } else {
            judgeDue(current, now);
        }
        reportWaiting(current, now);
        reportHorizon();
        lastTickMs = now;
        wakeup.next(NextWake.NEVER, now);
        planTick(now);
    }

    /** Evaluates every group due by its input's judgement time. */
    private void judgeDue(RuleSet current, long now) {
        List<GroupKey> keys = new ArrayList<>();
        for (Map.Entry<String, DueIndex<GroupKey>> e : dues.entrySet()) {
            long t = inputs(current).get(e.getKey()) == null
                    ? Long.MAX_VALUE // its rules are gone: every group of it is retired
                    : judgedUntil(e.getKey(), now);
            if (t != InputProgress.UNKNOWN) {
                keys.addAll(e.getValue().takeDue(t));
            }
        }
        evaluateDue(keys, current, now);
    }

    private void evaluateDue(List<GroupKey> keys, RuleSet current, long now) {
        for (GroupKey key : keys) {
            GroupState state = live.header(key);
            if (state == null) {
                continue;
            }
            Rule rule = current.get(key.ruleId());
            InputShare input = inputs(current).ofRule(key.ruleId());
            if (rule == null || input == null || !rule.version().equals(state.ruleVersion())) {
                retire(key, state, now);
                continue;
            }
            long t = judgedUntil(input.id(), now);
            if (t == InputProgress.UNKNOWN) {
                dueOf(input.id()).schedule(key, Long.MIN_VALUE + 1); // as soon as the input is known
                continue;
            }
            List<Bucket> ring = prunedRing(new RingKey(input.id(), key.group()), input.rules(), t);
            GroupState next = evaluate(key, rule, state, new RingMerges(ring), t, now);
            boolean forgotten = next.status().phase() == Phase.INACTIVE
                    && ring.isEmpty()
                    && rule.aggregate() != Aggregation.ABSENT; // an absence rule must remember who went quiet
            if (forgotten) {
                forget(key);
                continue;
            }
            if (next != state) {
                live.putHeader(key, next);
            }
            schedule(key, input.id(), rule, next, ring, t);
        }
    }

    /**
     * Per rule, how far its judgement is behind the wall clock and how many of its groups are due
     * by the clock but wait for their input: for /metrics.
     */
    private void reportWaiting(RuleSet current, long now) {
        if (board == null) {
            return;
        }
        Map<String, Integer> waiting = new HashMap<>();
        for (Map.Entry<String, DueIndex<GroupKey>> e : dues.entrySet()) {
            long t = judgedUntil(e.getKey(), now);
            for (GroupKey key : e.getValue().dueBetween(t, now)) {
                waiting.merge(key.ruleId(), 1, Integer::sum);
            }
        }
        int task = context.taskId().partition();
        for (Rule rule : current.all()) {
            InputShare input = inputs(current).ofRule(rule.id());
            if (input != null) {
                long t = judgedUntil(input.id(), now);
                long behind = now - (t == InputProgress.UNKNOWN ? startedMs : t);
                board.report(task, rule.id(), Math.max(0, behind) / 1000.0, waiting.getOrDefault(rule.id(), 0));
            }
        }
    }

    private List<Bucket> prunedRing(RingKey key, List<Rule> members, long now) {
        List<Bucket> ring = live.ring(key);
        List<Bucket> pruned =
                Window.prune(ring, now - retentionMs(members) - members.get(0).bucketMs());
        if (pruned != ring) {
            live.putRing(key, pruned);
        }
        return pruned;
    }

    /** A ring whose input is gone, or that no rule's group reads any more, is dropped. */
    private void dropUnreadRings(RuleSet current) {
        for (RingKey key : new ArrayList<>(live.ringKeys())) {
            InputShare input = inputs(current).get(key.inputId());
            boolean read = input != null
                    && input.rules().stream().anyMatch(r -> live.header(new GroupKey(r.id(), key.group())) != null);
            if (!read) {
                live.putRing(key, List.of());
            }
        }
    }

    /** Indexes when the clock alone could next change what the group's evaluation decides. */
    private void schedule(GroupKey key, String inputId, Rule rule, GroupState state, List<Bucket> ring, long t) {
        dueOf(inputId)
                .schedule(
                        key,
                        NextEvaluation.after(
                                t,
                                rule,
                                state,
                                ring,
                                WindowReading.explicitGraceMs(rule),
                                settings.resendInterval().toMillis()));
    }

    private DueIndex<GroupKey> dueOf(String inputId) {
        return dues.computeIfAbsent(inputId, i -> new DueIndex<>());
    }

    /** Up to when the input share's windows can be judged; {@link InputProgress#UNKNOWN} until known. */
    private long judgedUntil(String inputId, long now) {
        InputShare input = inputs(rules.get()).get(inputId);
        if (input == null) {
            return now;
        }
        if (pushes.byArrival(input)) {
            return pushes.judgedUntil(input, now);
        }
        return progress.judgedUntil(
                WholePushes.inputOf(input.first()), inputId, now, WindowReading.combinesSeries(input.rules()));
    }

    private long judgedUntil(InputShare input, long now) {
        return judgedUntil(input.id(), now);
    }

    /** The judgement time, or now while it is unknown: where new groups start watching and rings are pruned. */
    private long judgedOrNow(InputShare input, long now) {
        long t = input == null ? InputProgress.UNKNOWN : judgedUntil(input, now);
        return t == InputProgress.UNKNOWN ? now : t;
    }

    private void forget(GroupKey key) {
        live.removeHeader(key);
        for (DueIndex<GroupKey> due : dues.values()) {
            due.remove(key);
        }
        groupCounts.computeIfPresent(key.ruleId(), (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * @param t the judgement time: the wall clock, held back to where the input stands
     * @param wallClockMs when this evaluation runs
     */
    private GroupState evaluate(GroupKey key, Rule rule, GroupState state, RingMerges ring, long t, long wallClockMs) {
        if (t == InputProgress.UNKNOWN) {
            return state; // nothing is judged before every source said how far it has read
        }
        InputShare input = inputs(rules.get()).ofRule(rule.id());
        WindowReading.Reading reading =
                WindowReading.of(rule, ring, state.observedSinceMs(), t, input != null && pushes.byArrival(input));
        OptionalDouble value = reading.value();
        boolean holds = Verdict.holds(state.status().phase(), value, rule.condition(), rule.resolve(), rule.missing());
        // never stamped before the newest sample it read: see TransitionStamp
        long now = TransitionStamp.at(t, reading.newestMs(), WindowReading.explicitGraceMs(rule), wallClockMs);
        StateMachine.Step step = StateMachine.step(
                state.status(),
                holds,
                value.orElse(Double.NaN),
                now,
                rule.forDuration(),
                rule.keepFiringFor(),
                settings.resendInterval());
        if (step.emit() == null && step.next() == state.status()) {
            return state; // the common case, a quiet group: nothing to store
        }
        Labels published = state.published();
        if (step.emit() != null) {
            published = publish(rule, key, step.next(), step.emit(), now);
        }
        return new GroupState(state.ruleVersion(), step.next(), published, state.observedSinceMs());
    }

    /** A removed rule's firing alerts resolve, so no receiver is left with a page that never ends. */
    private void retire(GroupKey key, GroupState state, long now) {
        forward(PublishedAlerts.retired(key, state, now), now);
        forget(key);
    }

    private Labels publish(Rule rule, GroupKey key, AlertStatus status, AlertState emit, long now) {
        Labels labels = PublishedAlerts.labels(rule, key);
        forward(PublishedAlerts.of(rule, labels, status, emit, now), now);
        return labels;
    }

    private void forward(Alert alert, long now) {
        if (alert != null) {
            context.forward(new Record<>(alert.fingerprint(), alert, now));
            emitted = true;
        }
    }

    /** Rebuilt when the rule set changes: a reload is seen at the next record. */
    private InputShares inputs(RuleSet current) {
        if (current != inputsOf) {
            inputs = InputShares.of(current);
            inputsOf = current;
        }
        return inputs;
    }

    /** How far back an input's ring must reach: the longest of its rules' grace + history. */
    private long retentionMs(List<Rule> members) {
        long longest = 0;
        for (Rule r : members) {
            longest = Math.max(longest, WindowReading.explicitGraceMs(r) + r.historyMs());
        }
        return longest;
    }
}
