package io.tocsin.rules.topology;

import io.tocsin.rules.model.RuleSet;
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

    JudgementTimes(Supplier<RuleSet> rules, InputProgress progress, WholePushes pushes) {
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
        InputShare input = inputs().get(inputId);
        if (input == null) {
            return now;
        }
        if (pushes.byArrival(input)) {
            return pushes.judgedUntil(input, now);
        }
        return progress.judgedUntil(
                WholePushes.inputOf(input.first()), inputId, now, WindowReading.combinesSeries(input.rules()));
    }

    /**
     * What {@link #until} would answer now, without holding it as the share's floor: for planning
     * the next tick, which must not move a judgement time that only judging moves ("never earlier
     * than before" is kept from the moments something is judged).
     */
    long peekUntil(String inputId, long now) {
        InputShare input = inputs().get(inputId);
        if (input == null) {
            return now;
        }
        if (pushes.byArrival(input)) {
            return pushes.peekJudgedUntil(input, now);
        }
        return progress.judgedUntil(
                WholePushes.inputOf(input.first()), inputId, now, WindowReading.combinesSeries(input.rules()), false);
    }

    long until(InputShare input, long now) {
        return until(input.id(), now);
    }

    /** The judgement time, or now while it is unknown: where new groups start watching and rings are pruned. */
    long orNow(InputShare input, long now) {
        long t = input == null ? InputProgress.UNKNOWN : until(input, now);
        return t == InputProgress.UNKNOWN ? now : t;
    }
}
