package io.tocsin.notifier.inhibit;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Labels;
import java.util.List;
import java.util.Objects;

/**
 * Alertmanager's inhibit rule: while an alert matching {@code source} fires, alerts matching
 * {@code target} with the same values of the {@code equal} labels are muted.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    public boolean isSource(Labels labels) {
        return source.stream().allMatch(m -> m.matches(labels));
    }

    public boolean isTarget(Labels labels) {
        return target.stream().allMatch(m -> m.matches(labels));
    }

    /** Equal labels compare as strings, a missing label as "", as in Alertmanager. */
    public boolean sameEqualLabels(Labels a, Labels b) {
        for (String name : equal) {
            if (!Objects.equals(orEmpty(a.get(name)), orEmpty(b.get(name)))) {
                return false;
            }
        }
        return true;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
