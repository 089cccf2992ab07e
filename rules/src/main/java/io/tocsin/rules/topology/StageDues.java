package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When stage 2's groups are next due: one {@link DueIndex} per input share, in the share's
 * judgement time ({@link JudgementTimes}), so a tick evaluates only the groups whose input has
 * reached their due time.
 */
final class StageDues {
    /** Before any real time: due as soon as the input's judgement time is known. */
    private static final long AT_ONCE = Long.MIN_VALUE + 1;

    private final Map<String, DueIndex<GroupKey>> byInput = new HashMap<>();
    private final long resendMs;

    StageDues(long resendMs) {
        this.resendMs = resendMs;
    }

    /** Indexes when the clock alone could next change what the group's evaluation decides. */
    void schedule(GroupKey key, String inputId, Rule rule, GroupState state, List<Bucket> ring, long t) {
        of(inputId)
                .schedule(
                        key, NextEvaluation.after(t, rule, state, ring, WindowReading.explicitGraceMs(rule), resendMs));
    }

    /** Data the judgement has not reached: due when the input catches up with it, if not before. */
    void scheduleNoLaterThan(GroupKey key, String inputId, long due) {
        of(inputId).scheduleNoLaterThan(key, due);
    }

    /** Due at the next tick that knows the input's judgement time: it works out when it is really due. */
    void scheduleAtOnce(GroupKey key, String inputId) {
        of(inputId).schedule(key, AT_ONCE);
    }

    void remove(GroupKey key) {
        for (DueIndex<GroupKey> due : byInput.values()) {
            due.remove(key);
        }
    }

    void clear() {
        byInput.clear();
    }

    /** The earliest due time of any group, in judgement time; {@link Long#MAX_VALUE} when none. */
    long first() {
        long first = Long.MAX_VALUE;
        for (DueIndex<GroupKey> due : byInput.values()) {
            first = Math.min(first, due.firstDue());
        }
        return first;
    }

    /**
     * The earliest due time the wall clock alone can bring ({@link NextWake#byClock}), and whether
     * some group waits for its input instead; the groups of an input whose rules are gone count as
     * due as they stand (the next tick retires them). Moves no judgement time ({@link JudgementTimes#peekUntil}).
     */
    ByClock byClock(JudgementTimes times, RuleSet current, long now) {
        long first = Long.MAX_VALUE;
        boolean waits = false;
        for (Map.Entry<String, DueIndex<GroupKey>> e : byInput.entrySet()) {
            if (e.getValue().size() > 0) {
                long due = e.getValue().firstDue();
                long byClock = times.inputs(current).get(e.getKey()) == null
                        ? due
                        : NextWake.byClock(due, times.peekUntil(e.getKey(), now), now);
                waits |= byClock == NextWake.NEVER;
                first = Math.min(first, byClock);
            }
        }
        return new ByClock(first, waits);
    }

    /**
     * @param first the earliest due time the clock alone brings, {@link NextWake#NEVER} when none
     * @param waitsForInput some group is due only once more of its input has come
     */
    record ByClock(long first, boolean waitsForInput) {}

    /** The earliest due time, or 0 while an input lags the wall clock: its progress, not the clock, moves it. */
    long firstUnlessLagging(JudgementTimes times, long now) {
        long first = Long.MAX_VALUE;
        for (Map.Entry<String, DueIndex<GroupKey>> e : byInput.entrySet()) {
            if (e.getValue().size() > 0) {
                if (times.until(e.getKey(), now) < now) {
                    return 0;
                }
                first = Math.min(first, e.getValue().firstDue());
            }
        }
        return first;
    }

    /** Takes every group due by its input's judgement time; those of an input whose rules are gone, all. */
    List<GroupKey> takeDue(JudgementTimes times, RuleSet current, long now) {
        List<GroupKey> keys = new ArrayList<>();
        for (Map.Entry<String, DueIndex<GroupKey>> e : byInput.entrySet()) {
            long t = times.inputs(current).get(e.getKey()) == null
                    ? Long.MAX_VALUE // its rules are gone: every group of it is retired
                    : times.until(e.getKey(), now);
            if (t != InputProgress.UNKNOWN) {
                keys.addAll(e.getValue().takeDue(t));
            }
        }
        return keys;
    }

    /** The input shares that have groups here. */
    Iterable<String> inputs() {
        return byInput.keySet();
    }

    /** Per rule, how many of its groups are due by the wall clock but wait for their input. */
    Map<String, Integer> waitingByRule(JudgementTimes times, long now) {
        Map<String, Integer> waiting = new HashMap<>();
        for (Map.Entry<String, DueIndex<GroupKey>> e : byInput.entrySet()) {
            long t = times.until(e.getKey(), now);
            for (GroupKey key : e.getValue().dueBetween(t, now)) {
                waiting.merge(key.ruleId(), 1, Integer::sum);
            }
        }
        return waiting;
    }

    private DueIndex<GroupKey> of(String inputId) {
        return byInput.computeIfAbsent(inputId, i -> new DueIndex<>());
    }
}
