package io.tocsin.rules.reload;

import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reload changes, rule by rule. Unchanged rules (same version digest) keep their state in
 * stage 2; changed ones start over with their old alerts resolved; removed ones resolve.
 */
public record RuleChanges(List<String> added, List<String> changed, List<String> removed, int unchanged) {

    public static RuleChanges between(RuleSet before, RuleSet after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int unchanged = 0;
        for (Rule r : after.all()) {
            Rule old = before.get(r.id());
            if (old == null) {
                added.add(r.id());
            } else if (!old.version().equals(r.version())) {
                changed.add(r.id());
            } else {
                unchanged++;
            }
        }
        for (Rule r : before.all()) {
            if (after.get(r.id()) == null) {
                removed.add(r.id());
            }
        }
        return new RuleChanges(List.copyOf(added), List.copyOf(changed), List.copyOf(removed), unchanged);
    }

    public boolean none() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    @Override
    public String toString() {
        return "added " + added + ", changed " + changed + ", removed " + removed + ", " + unchanged + " unchanged";
    }
}
