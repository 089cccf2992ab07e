package io.tocsin.notifier.escalation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where a group is in its escalation policy, kept in the group's state so that it moves in the
 * same transaction as the notifications it causes: after a restart the next step is the one
 * not yet sent, never one skipped or sent twice.
 *
 * @param nextStep the next step to send (counting across passes); {@code totalSteps} when done
 * @param nextDue  when it is due, null when no step is left or the escalation stopped
 * @param notified every receiver a step told "firing", to be told "resolved" later
 */
public record Escalation(
        String policy, Instant startedAt, int nextStep, Instant nextDue, SortedSet<String> notified, boolean stopped) {

    public Escalation {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(startedAt, "startedAt");
        notified = Collections.unmodifiableSortedSet(
                new TreeSet<>(notified == null ? Collections.emptySortedSet() : notified));
    }

    public static Escalation start(EscalationPolicy p, Instant now) {
        return new Escalation(p.name(), now, 0, p.dueOf(0, now), null, false);
    }

    /** What is due at {@code now}: the steps to send and the escalation afterwards. */
    public record Advance(List<Integer> steps, List<String> receivers, Escalation next) {}

    /**
     * Sends every step due by {@code now}. While nothing unmuted fires, due steps pass without
     * paging anyone: a silenced alert does not page.
     */
    public Advance advance(EscalationPolicy p, Instant now, boolean firing) {
        if (stopped) {
            return new Advance(List.of(), List.of(), this);
        }
        List<Integer> sent = new ArrayList<>();
        List<String> receivers = new ArrayList<>();
        TreeSet<String> told = new TreeSet<>(notified);
        int k = nextStep;
        while (k < p.totalSteps() && !p.dueOf(k, startedAt).isAfter(now)) {
            if (firing) {
                sent.add(k);
                receivers.addAll(p.step(k).receivers());
                told.addAll(p.step(k).receivers());
            }
            k++;
        }
        Instant due = k < p.totalSteps() ? p.dueOf(k, startedAt) : null;
        return new Advance(sent, receivers, new Escalation(policy, startedAt, k, due, told, false));
    }

    /** Acknowledged: no more steps. */
    public Escalation stop() {
        return new Escalation(policy, startedAt, nextStep, null, notified, true);
    }
}
