package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by slot (a hash of input and group): keeps one window ring per (input, group),
 * has each rule of the input judged over it ({@link GroupJudge}) when data has arrived (once per
 * commit) and on wall-clock ticks, and publishes the state machines' transitions.
 *
 * <p>The task's state is held in a {@link GroupStore}. A tick evaluates only the groups the
 * {@link StageDues} say are due, plus every group once after the rule set changed, so removed
 * and changed rules are retired promptly.
 */
final class GroupStage implements Processor<Integer, UpdateBatch, String, Alert> {
    private final Supplier<RuleSet> rules;
    private final TopologySettings settings;
    private ProcessorContext<String, Alert> context;
    private GroupStore live;
    /** Holds the parts of pushes not yet whole, for shares judged by arrival. */
    private WholePushes pushes;
    /** When each group is next due, per input share in its judgement time. */
    private StageDues dues;
    /** Where the input stands: windows are judged only up to where their data is complete. */
    private InputProgress progress;
    /** Up to when each input share is judged, from {@link #progress} and {@link #pushes}. */
    private JudgementTimes times;

    private GroupJudge judge;

    private long startedMs;
    /** The rule set the last tick saw; another one means every group is due once. */
    private RuleSet ticked;
    /** The tick runs only when something is due: see {@link #planTick}. */
    private StageWakeup wakeup;

    private long lastTickMs;

    /** Rules whose max_groups was reported: once per rule for the processor's life. */
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
    /** When to ask for the commit that publishes a change: see {@link StageBursts}. */
    private StageBursts bursts;
    /** Null in production; see {@link TickHorizon}. */
    private final TickHorizon horizon;
    /** Where each rule's evaluation waits for its input, for /metrics; null when nobody reads it. */
    private final WaitingBoard board;
    /** Told when this task starts, so that this instance's stage 1 repeats its progress at its next look. */
    private final Listeners listeners;

    GroupStage(
            Supplier<RuleSet> rules,
            TopologySettings settings,
            TickHorizon horizon,
            WaitingBoard board,
            Listeners listeners) {
        this.rules = rules;
        this.settings = settings;
        this.horizon = horizon;
        this.board = board;
        this.listeners = listeners;
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
        bursts = StageBursts.onThisThread();
        bursts.own(context.taskId().partition());
        dues = new StageDues(settings.resendInterval().toMillis());
        ticked = null; // the first tick evaluates every restored group
        // Restored groups were judged on data up to the outage; the outage's own data is still in
        // stage 1's backlog: nothing is judged until every source said how far it has read.
        startedMs = context.currentSystemTimeMs();
        progress = new InputProgress(settings.inputPartitions(), startedMs);
        // An idle source repeats unchanged progress only every progressRepeat: this task, revived
        // alone while the stage-1 tasks beside it run on, would wait that long to hear them.
        listeners.stageTwoStarted();
        pushes = new WholePushes(new AheadStore(context.getStateStore(RulesTopology.AHEAD_STORE)), progress);
        times = new JudgementTimes(rules, progress, pushes, startedMs);
        times.restore(live.judgedThrough()); // where the input was judged before this start
        judge = new GroupJudge(
                live,
                dues,
                times,
                rules,
                settings.resendInterval(),
                warnedCap,
                this::forward,
                board == null ? (rule, n) -> {} : board::passedEdgesJudged);
        wakeup = new StageWakeup(context, this::tick);
        lastTickMs = startedMs;
        planTick(startedMs);
    }

    /**
     * The next tick ({@link NextWake#stage2}): at the first due time the clock alone can bring
     * ({@link NextWake#byClock}: not while the group waits for its input, whose progress comes as a
     * record and is judged at once), at most once an evaluation interval; after a rule set change,
     * within one interval of the last tick. Called after every
     * tick, record and commit, as each can bring a due time forward. A reload is seen at the next
     * record: stage 1 announces its progress again at its next keep-alive look after a rule-set
     * change, even when idle ({@link SourceClock}).
     */
    private void planTick(long now) {
        RuleSet current = rules.get();
        StageDues.ByClock due = dues.byClock(times, current, now);
        long next =
                NextWake.stage2(due.first(), lastTickMs, settings.evalInterval().toMillis(), current != ticked);
        if (due.waitsForInput()) {
            // /metrics' per-rule wait (reportWaiting) is refreshed at ticks: while groups wait for
            // input, on the keep-alive grid, where stage 1's looks punctuate and commit anyway
            next = Math.min(next, NextWake.nextOnGrid(now, settings.keepAlive().toMillis()));
        }
        wakeup.by(next, now);
    }

    @Override
    public void close() {
        if (board != null) {
            board.forget(context.taskId().partition());
        }
        if (bursts != null) {
            bursts.disown(context.taskId().partition());
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
                pushes.release(times.inputs(current), ring(now));
                judgeDue(current, now); // windows whose data is now complete are judged at once
                reportHorizon();
            }
        }
        for (BucketUpdate u : batch.updates()) {
            InputShare input = times.inputs(current).get(u.inputId());
            if (input != null) { // else its rules were removed after stage 1 matched them
                if (u.partial() != null) {
                    progress.fed(input.id(), batch.source());
                }
                if (u.partial() == null) {
                    judge.heartbeat(live.canonical(u.group()), input.rules(), now);
                } else {
                    pushes.offer(u, input, live.canonical(u.group()), times.inputs(current), ring(now));
                }
            }
        }
        // Judged once the whole record is in its rings, never between two of its buckets: a
        // stage-1 backlog (after its owner died) lists many buckets of a group in no particular
        // order, and a window holding its newest bucket but not yet the older ones beside it
        // resolved a firing alert and fired it again as a new episode (issue 18).
        for (RingKey ringKey : judgedAfterRecord) {
            InputShare input = times.inputs(current).get(ringKey.inputId());
            if (input != null) {
                touched.remove(ringKey); // judged now on all of it; later records touch it again
                judge.ring(ringKey, input.rules(), reshaped.remove(ringKey), now);
            }
        }
        judgedAfterRecord.clear();
        int task = context.taskId().partition();
        if (batch.progress() != null) {
            bursts.progress(task, batch.progress(), !progress.readsInPart());
        }
        if (emitted) {
            bursts.changed(task, batch.progress() != null);
        }
        if (bursts.ask()) {
            // an alert changed and its input is processed across this thread's stage-2 tasks:
            // publish it now, in one transaction with the others it changed, not at the next interval
            context.commit();
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
        long oldest = times.pruneReference(input, now) - GroupJudge.retentionMs(members);
        if (bucketStart + bucketMs <= oldest) {
            return; // too old to fall in any window still to be evaluated
        }
        RingKey ringKey = new RingKey(input.id(), group); // the share's id: its hash is known
        List<Bucket> ring = live.ring(ringKey);
        if (ring.isEmpty() && !judge.admitsAny(group, members, now)) {
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

    /** Rings are ordered by start and only gain or lose buckets at the ends or by late data: this tells them apart. */
    private static boolean sameBuckets(List<Bucket> a, List<Bucket> b) {
        return a.size() == b.size()
                && (a.isEmpty()
                        || a.get(0).start() == b.get(0).start()
                                && a.get(a.size() - 1).start()
                                        == b.get(b.size() - 1).start());
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
                InputShare input = times.inputs(current).get(ringKey.inputId());
                if (input != null) {
                    judge.ring(ringKey, input.rules(), reshaped.remove(ringKey), now);
                }
            }
            touched.clear();
        }
        evaluated.clear();
        bursts.committed();
        live.judgedThrough(times.persisted(rules.get()));
        live.writeBack();
        pushes.writeBack();
        reportHorizon();
        planTick(context.currentSystemTimeMs());
    }

    private void reportHorizon() {
        if (horizon != null) {
            RuleSet current = rules.get();
            horizon.report(
                    current != ticked || !touched.isEmpty() || awaitsHeartbeat(current)
                            ? 0
                            : dues.firstUnlessLagging(times, context.currentSystemTimeMs()));
        }
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

    private void tick(long now) {
        RuleSet current = rules.get();
        if (current != ticked) {
            ticked = current;
            dues.clear();
            judge.due(new ArrayList<>(live.groups()), current, now);
            times.judgedThrough(dues.inputs(), current, now);
            judge.dropUnreadRings(current);
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
        judge.due(dues.takeDue(times, current, now), current, now);
        times.judgedThrough(dues.inputs(), current, now);
    }

    /**
     * Per rule, how far its judgement is behind the wall clock and how many of its groups are due
     * by the clock but wait for their input: for /metrics.
     */
    private void reportWaiting(RuleSet current, long now) {
        if (board == null) {
            return;
        }
        Map<String, Integer> waiting = dues.waitingByRule(times, now);
        int task = context.taskId().partition();
        for (Rule rule : current.all()) {
            InputShare input = times.inputs(current).ofRule(rule.id());
            if (input != null) {
                long t = times.until(input.id(), now);
                long behind = now - (t == InputProgress.UNKNOWN ? startedMs : t);
                board.report(task, rule.id(), Math.max(0, behind) / 1000.0, waiting.getOrDefault(rule.id(), 0));
            }
        }
    }

    private void forward(Alert alert, long timestampMs) {
        context.forward(new Record<>(alert.fingerprint(), alert, timestampMs));
        emitted = true;
    }
}
