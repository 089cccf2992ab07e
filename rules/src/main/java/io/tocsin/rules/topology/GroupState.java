package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;

/**
 * Stage 2's stored state per (rule, group): the state machine's memory and the labels last
 * published, so that a removed or changed rule resolves the very alert it fired. The window it
 * reads is its input's {@link RingKey ring}, shared with the other rules of that input.
 *
 * @param observedSinceMs when this group was first seen: absence is judged only once a whole
 *     window has been watched, so a restart or a new rule does not page for data it never waited for
 */
public record GroupState(String ruleVersion, AlertStatus status, Labels published, long observedSinceMs) {

    static GroupState fresh(String ruleVersion, long now) {
        return new GroupState(ruleVersion, AlertStatus.INACTIVE, null, now);
    }
}
