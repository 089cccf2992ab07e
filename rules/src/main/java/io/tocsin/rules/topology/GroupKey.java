package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/** The key of stage 2: one (rule, group) evaluated by exactly one task. */
public record GroupKey(String ruleId, Labels group) {}
