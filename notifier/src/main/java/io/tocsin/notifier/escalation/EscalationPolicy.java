package io.tocsin.notifier.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An escalation policy: ordered steps, each telling some receivers and then waiting, run
 * {@code repeat} more times after the first pass, until the group is acknowledged or resolved.
 * Step {@code k} counts across passes: pass {@code k / steps}, step {@code k % steps}.
 */
public record EscalationPolicy(String name, List<Step> steps, int repeat) {

    /** @param waitAfter how long after this step the next one comes */
    public record Step(List<String> receivers, Duration waitAfter) {
        public Step {
            receivers = List.copyOf(receivers);
            Objects.requireNonNull(waitAfter, "waitAfter");
        }
    }

    public EscalationPolicy {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an escalation policy needs at least one step");
        }
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must not be negative");
        }
        if (repeat > 0 && cycle(steps).isZero()) {
            throw new IllegalArgumentException("a repeated policy needs some wait, or it would page in a loop");
        }
    }

    /** How many steps there are over every pass. */
    public int totalSteps() {
        return steps.size() * (repeat + 1);
    }

    public Step step(int k) {
        return steps.get(k % steps.size());
    }

    /** When step {@code k} of an escalation that started at {@code start} is due. */
    public Instant dueOf(int k, Instant start) {
        Duration offset = cycle().multipliedBy(k / steps.size());
        for (int i = 0; i < k % steps.size(); i++) {
            offset = offset.plus(steps.get(i).waitAfter());
        }
        return start.plus(offset);
    }

    private Duration cycle() {
        return cycle(steps);
    }

    private static Duration cycle(List<Step> steps) {
        return steps.stream().map(Step::waitAfter).reduce(Duration.ZERO, Duration::plus);
    }
}
