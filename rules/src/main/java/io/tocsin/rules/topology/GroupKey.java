package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/** The key of a rule's state in stage 2: one (rule, group) evaluated by exactly one task. */
public record GroupKey(String ruleId, Labels group) {
    @Override
    public int hashCode() {
        return KeyHash.of(ruleId, group);
    }
}
