package io.tocsin.notifier.inhibit;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.List;

/** Whether an alert is inhibited by one of the firing source alerts. Pure. */
public final class Inhibition {
    private Inhibition() {}

    public static boolean anySource(List<InhibitRule> rules, Labels labels) {
        return rules.stream().anyMatch(r -> r.isSource(labels));
    }

    /**
     * @param sources firing alerts that match some rule's source side
     * @return whether some rule mutes the target
     */
    public static boolean inhibited(List<InhibitRule> rules, Alert target, Iterable<Alert> sources, Instant now) {
        return inhibitor(rules, target, sources, now) != null;
    }

    /**
     * The fingerprint of the source alert that mutes the target, or null. Like Alertmanager, which
     * records the one inhibiting alert it found ({@code inhibitedBy} in API v2), the first one found.
     */
    public static String inhibitor(List<InhibitRule> rules, Alert target, Iterable<Alert> sources, Instant now) {
        String fp = target.fingerprint();
        for (InhibitRule rule : rules) {
            if (!rule.isTarget(target.labels())) {
                continue;
            }
            // An alert matching both sides is not muted by others that also match both sides
            // (Alertmanager's two-sided rule), so a set of such alerts cannot silence itself.
            boolean twoSided = rule.isSource(target.labels());
            for (Alert s : sources) {
                if (s.fingerprint().equals(fp) || !rule.isSource(s.labels())) {
                    continue;
                }
                if (s.endsAt() != null && !s.endsAt().isAfter(now)) {
                    continue;
                }
                if (twoSided && rule.isTarget(s.labels())) {
                    continue;
                }
                if (rule.sameEqualLabels(s.labels(), target.labels())) {
                    return s.fingerprint();
                }
            }
        }
        return null;
    }
}
