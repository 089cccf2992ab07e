package io.tocsin.rules.topology;

import io.tocsin.rules.model.RuleSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Up to when each input share's windows can be judged: by push arrival ({@link WholePushes}) or by
 * event time ({@link InputProgress}); and the rule set's input shares, rebuilt when it changes.
 */
final class JudgementTimes {
    private final Supplier<RuleSet> rules;
    private final InputProgress progress;
    private final WholePushes pushes;
    private RuleSet inputsOf;
    private InputShares inputs;
    /** Per input share, the judgement time its due groups were last taken at: see {@link PassedEdges}. */
    private final Map<String, Long> judged = new HashMap<>();
    /** Per input share, the newest judgement time its rings were pruned for: see {@link PassedEdges#from}. */
    private final Map<String, Long> pruned = new HashMap<>();

    private final long startedMs;

    /**
     * @param startedMs when this task started: rings it restored may have been pruned for any time
     *     up to it, so unless it knows better ({@link #restore}) no edge before it is judged
     */
    JudgementTimes(Supplier<RuleSet> rules, InputProgress progress, WholePushes pushes, long startedMs) {
        this.startedMs = startedMs;
        this.rules = rules;
        this.progress = progress;
        this.pushes = pushes;
    }

    /** Rebuilt when the rule set changes: a reload is seen at the next record. */
    InputShares inputs(RuleSet current) {
        if (current != inputsOf) {
            inputs = InputShares.of(current);
            inputsOf = current;
        }
        return inputs;
    }

    /** The input shares of the rule set in force. */
    InputShares inputs() {
        return inputs(rules.get());
    }

    /** Whether the share's windows are judged by push arrival. */
    boolean byArrival(InputShare input) {
        return pushes.byArrival(input);
    }

    /** Up to when the input share's windows can be judged; {@link InputProgress#UNKNOWN} until known. */
    long until(String inputId, long now) {
        return judgedUntil(inputId, now, true);
    }

    /**
     * What {@link #until} would answer now, without holding it as the share's floor: for planning
     * the next tick, which must not move a judgement time that only judging moves ("never earlier
     * than before" is kept from the moments something is judged).
     */
    long peekUntil(String inputId, long now) {
        return judgedUntil(inputId, now, false);
    }

    private long judgedUntil(String inputId, long now, boolean keep) {
        InputShare input = inputs().get(inputId);
        if (input == null) {
            return now;
        }
        if (pushes.byArrival(input)) {
            return pushes.judgedUntil(input, now, keep);
        }
        return progress.judgedUntil(
                WholePushes.inputOf(input.first()), inputId, now, WindowReading.combinesSeries(input.rules()), keep);
    }

    long until(InputShare input, long now) {
        return until(input.id(), now);
    }

    /** The judgement time, or now while it is unknown: where new groups start watching and rings are pruned. */
    long orNow(InputShare input, long now) {
        long t = input == null ? InputProgress.UNKNOWN : until(input, now);
        return t == InputProgress.UNKNOWN ? now : t;
    }

    /**
     * Where a ring of the share is pruned for (its retention is kept back from here), remembered:
     * edges before it are not judged on that ring, whose older buckets may be gone.
     */
    long pruneReference(InputShare input, long now) {
        long t = until(input, now);
        long at;
        if (t != InputProgress.UNKNOWN) {
            at = t;
        } else {
            // a task's start: keep what arrives back to where the input was judged before it, so
            // that the edges passed meanwhile can be judged once the input is known; bounded
            Long before = judged.get(input.id());
            long span = PassedEdges.CATCH_UP_BUCKETS * input.first().bucketMs();
            at = before == null ? now : Math.max(Math.min(before, now), now - span);
        }
        pruned.put(input.id(), Math.max(prunedFor(input.id()), at));
        return at;
    }

    /**
     * How far each input share was judged when this task's state was last written: edges up to
     * it are not judged again ({@link PassedEdges}), and rings are kept back to it while the
     * input's judgement time is unknown.
     */
    void restore(Map<String, Long> judgedThrough) {
        judged.putAll(judgedThrough);
        pruned.putAll(judgedThrough);
    }

    /**
     * @return per input share of the rule set, how far it is judged, to be written with the
     *     task's state: rounded up to the second, so it changes at most once a second, and never
     *     behind what was judged or pruned for (a task that starts on it judges no edge twice and
     *     reads no window its rings lost)
     */
    Map<String, Long> persisted(RuleSet current) {
        Map<String, Long> out = new HashMap<>();
        judged.forEach((id, t) -> {
            if (inputs(current).get(id) != null) {
                long through = Math.max(t, prunedFor(id));
                out.put(id, Math.floorDiv(through + 999, 1000) * 1000);
            }
        });
        return out;
    }

    /** The same, for a ring pruned at the judgement time {@code t} known to the caller. */
    void prunedFor(String inputId, long t) {
        pruned.put(inputId, Math.max(prunedFor(inputId), t));
    }

    /**
     * @return the newest time the share's rings may have been pruned for: what this task pruned
     *     them for, and before that what the state it restored says ({@link #restore}), or else the
     *     task's start (a ring restored from a store written without it was pruned for an unknown
     *     time before the start; judged at an edge before that, a window could read as empty)
     */
    long prunedFor(String inputId) {
        return pruned.getOrDefault(inputId, startedMs);
    }

    /**
     * @return the judgement time the share's due groups were last taken at in this task's life:
     *     every window edge up to it was judged; {@link InputProgress#UNKNOWN} when none
     */
    long judgedBefore(String inputId) {
        return judged.getOrDefault(inputId, InputProgress.UNKNOWN);
    }

    /**
     * Every share's due groups were taken at its judgement time now: a group not taken had no edge
     * up to it. Called after each taking of due groups, so the next one knows which edges it passed.
     */
    void judgedThrough(Iterable<String> inputIds, RuleSet current, long now) {
        for (String id : inputIds) {
            if (inputs(current).get(id) != null) {
                long t = until(id, now);
                if (t != InputProgress.UNKNOWN) {
                    judged.put(id, t);
                }
            }
        }
    }
}
