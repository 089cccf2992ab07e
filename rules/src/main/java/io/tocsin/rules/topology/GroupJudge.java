package io.tocsin.rules.topology;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.StateMachine;
import io.tocsin.rules.eval.Verdict;
import io.tocsin.rules.eval.Window;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2's judgement of its groups: a rule's window over a group's ring read at the input's
 * judgement time, the state machine stepped, its transitions published, and the group's next due
 * time indexed. Groups are admitted here (max_groups), retired when their rule changes or goes, and
 * forgotten once inactive with nothing left in their window. When to judge is {@link GroupStage}'s.
 */
final class GroupJudge {
    private static final Logger log = LoggerFactory.getLogger(GroupJudge.class);

    /** Where a published alert goes, with its record time. */
    interface Publisher {
        void publish(Alert alert, long timestampMs);
    }

    /** Told how many evaluations a rule's group made at edges its judgement time jumped past. */
    interface PassedEdgeCount {
        void judged(String ruleId, int evaluations);
    }

    private final GroupStore live;
    private final StageDues dues;
    private final JudgementTimes times;
    private final Supplier<RuleSet> rules;
    private final Duration resendInterval;
    private final Publisher out;
    private final PassedEdgeCount passed;
    /** Groups per rule in this task's store; enforces max_groups. */
    private final Map<String, Integer> groupCounts = new HashMap<>();
    /** Rules whose max_groups was reported: once per rule for the processor's life. */
    private final Set<String> warnedCap;

    GroupJudge(
            GroupStore live,
            StageDues dues,
            JudgementTimes times,
            Supplier<RuleSet> rules,
            Duration resendInterval,
            Set<String> warnedCap,
            Publisher out,
            PassedEdgeCount passed) {
        this.live = live;
        this.dues = dues;
        this.times = times;
        this.rules = rules;
        this.resendInterval = resendInterval;
        this.warnedCap = warnedCap;
        this.out = out;
        this.passed = passed;
        live.groups().forEach(k -> groupCounts.merge(k.ruleId(), 1, Integer::sum));
    }

    /**
     * Evaluates every rule of a ring's input on the ring as it stands.
     *
     * @param moved the ring gained or lost a bucket since its rules were last evaluated on data:
     *     their due times move
     */
    void ring(RingKey ringKey, List<Rule> members, boolean moved, long now) {
        List<Bucket> ring = live.ring(ringKey);
        RingMerges merges = new RingMerges(ring);
        long t = times.until(ringKey.inputId(), now);
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
                    dues.schedule(key, ringKey.inputId(), rule, next, ring, t);
                } else if (newest > t) {
                    // data the judgement has not reached: due when the input catches up with it
                    dues.scheduleNoLaterThan(key, ringKey.inputId(), newest + WindowReading.explicitGraceMs(rule));
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

    /** Evaluates the given groups at their input's judgement time (a tick's due groups, or all of them). */
    void due(List<GroupKey> keys, RuleSet current, long now) {
        // per input: after which time the edges it passed are judged, fixed before any of its rings is pruned here
        Map<String, Long> passedFrom = keys.isEmpty() ? Map.of() : new HashMap<>();
        for (GroupKey key : keys) {
            GroupState state = live.header(key);
            if (state == null) {
                continue;
            }
            Rule rule = current.get(key.ruleId());
            InputShare input = times.inputs(current).ofRule(key.ruleId());
            if (rule == null || input == null || !rule.version().equals(state.ruleVersion())) {
                retire(key, state, now);
                continue;
            }
            final long t = times.until(input.id(), now);
            if (t == InputProgress.UNKNOWN) {
                dues.scheduleAtOnce(key, input.id()); // as soon as the input is known
                continue;
            }
            RingKey ringKey = new RingKey(input.id(), key.group());
            long from = passedFrom.computeIfAbsent(
                    input.id(),
                    id -> PassedEdges.from(times.judgedBefore(id), times.prunedFor(id), t, rule.bucketMs()));
            GroupState caught =
                    from == PassedEdges.NONE ? state : caughtUp(key, rule, state, live.ring(ringKey), from, t, now);
            // The ring is shared by the input's rules: pruned for t, it would lose buckets that the
            // next rule of the same group reads at the edges it catches up
            List<Bucket> ring = prunedRing(ringKey, input.rules(), from == PassedEdges.NONE ? t : from);
            GroupState next = evaluate(key, rule, caught, new RingMerges(ring), t, now);
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
            dues.schedule(key, input.id(), rule, next, ring, t);
        }
    }

    /**
     * An absence rule over a whole selection is told of its one group even when no sample comes,
     * so that the tick can judge it.
     */
    void heartbeat(Labels group, List<Rule> members, long now) {
        for (Rule rule : members) {
            GroupKey key = new GroupKey(rule.id(), group);
            if (rule.aggregate() == Aggregation.ABSENT && live.header(key) == null) {
                InputShare input = times.inputs().ofRule(rule.id());
                GroupState fresh = admitted(key, rule, times.orNow(input, now));
                if (fresh != null) {
                    dues.schedule(key, input.id(), rule, fresh, List.of(), times.until(input, now));
                }
            }
        }
    }

    /** Whether any rule of the input takes the group (max_groups): a group none takes gets no ring. */
    boolean admitsAny(Labels group, List<Rule> members, long now) {
        boolean any = false;
        for (Rule rule : members) {
            GroupKey key = new GroupKey(rule.id(), group);
            if (admitted(key, rule, times.orNow(times.inputs().ofRule(rule.id()), now)) != null) {
                any = true;
            }
        }
        return any;
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
        InputShare input = times.inputs().ofRule(rule.id());
        if (input != null) {
            dues.scheduleAtOnce(key, input.id()); // the next tick works out when it is really due
        }
        return fresh;
    }

    /** A ring whose input is gone, or that no rule's group reads any more, is dropped. */
    void dropUnreadRings(RuleSet current) {
        for (RingKey key : new ArrayList<>(live.ringKeys())) {
            InputShare input = times.inputs(current).get(key.inputId());
            boolean read = input != null
                    && input.rules().stream().anyMatch(r -> live.header(new GroupKey(r.id(), key.group())) != null);
            if (!read) {
                live.putRing(key, List.of());
            }
        }
    }

    /**
     * Judges the group at the edges its input's judgement time passed after {@code from}, in order,
     * each transition stamped at its own edge, before the caller judges it at t1 ({@link
     * PassedEdges}). Not for predict_linear: it extrapolates to the evaluation time, so it has no
     * edges and is due at every tick; judged at t1 alone, as before. An absence is judged like the
     * rest: the ring holds every sample up to t1 (it is not pruned before this runs, and no edge
     * before its last pruning is judged), so a window found empty at an edge was truly empty.
     *
     * @return the group's state after the last edge judged
     */
    private GroupState caughtUp(
            GroupKey key, Rule rule, GroupState state, List<Bucket> ring, long from, long t1, long wallClockMs) {
        if (rule.aggregate() == Aggregation.PREDICT_LINEAR
                || ring.isEmpty() && rule.aggregate() != Aggregation.ABSENT) {
            return state;
        }
        RingMerges merges = new RingMerges(ring);
        long grace = WindowReading.explicitGraceMs(rule);
        long resendMs = resendInterval.toMillis();
        long bucketMs = rule.bucketMs();
        int cap = PassedEdges.cap(ring.size());
        int judged = 0;
        long at = from;
        long edge = NextEvaluation.edgeAfter(at, rule, state, ring, grace, resendMs);
        while (PassedEdges.judges(edge, t1, bucketMs, judged, cap)) {
            if (keptFiring(rule, state, at) && edge - 1 > at) {
                // it held from its last judgement up to the edge: keep_firing_for counts from the
                // last moment it held, as an evaluation every interval would have found it
                state = evaluate(key, rule, state, merges, edge - 1, wallClockMs);
                judged++;
            }
            state = evaluate(key, rule, state, merges, edge, wallClockMs);
            judged++;
            at = edge;
            edge = NextEvaluation.edgeAfter(at, rule, state, ring, grace, resendMs);
        }
        if (judged > 0) {
            passed.judged(rule.id(), judged);
        }
        return state;
    }

    private static boolean keptFiring(Rule rule, GroupState state, long judgedAt) {
        return !rule.keepFiringFor().isZero()
                && state.status().phase() == Phase.FIRING
                && state.status().lastHeldMs() >= judgedAt;
    }

    private List<Bucket> prunedRing(RingKey key, List<Rule> members, long now) {
        times.prunedFor(key.inputId(), now);
        List<Bucket> ring = live.ring(key);
        List<Bucket> pruned =
                Window.prune(ring, now - retentionMs(members) - members.get(0).bucketMs());
        if (pruned != ring) {
            live.putRing(key, pruned);
        }
        return pruned;
    }

    /** How far back an input's ring must reach: the longest of its rules' grace + history. */
    static long retentionMs(List<Rule> members) {
        long longest = 0;
        for (Rule r : members) {
            longest = Math.max(longest, WindowReading.explicitGraceMs(r) + r.historyMs());
        }
        return longest;
    }

    private void forget(GroupKey key) {
        live.removeHeader(key);
        dues.remove(key);
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
        InputShare input = times.inputs().ofRule(rule.id());
        WindowReading.Reading reading =
                WindowReading.of(rule, ring, state.observedSinceMs(), t, input != null && times.byArrival(input));
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
                resendInterval);
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
            out.publish(alert, now);
        }
    }
}
