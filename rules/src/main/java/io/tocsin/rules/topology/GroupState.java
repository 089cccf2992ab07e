package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import java.util.List;

/**
 * Stage 2's stored state per (rule, group): the window ring, the state machine's memory, and
 * the labels last published, so that a removed or changed rule resolves the very alert it fired.
 *
 * @param observedSinceMs when this group was first seen: absence is judged only once a whole
 *     window has been watched, so a restart or a new rule does not page for data it never waited for
 */
public record GroupState(String ruleVersion, List<Bucket> buckets, AlertStatus status, Labels published,
        long observedSinceMs) {
    public GroupState {
        buckets = List.copyOf(buckets);
    }

    static GroupState fresh(String ruleVersion, long now) {
        return new GroupState(ruleVersion, List.of(), AlertStatus.INACTIVE, null, now);
    }

    GroupState with(List<Bucket> newBuckets) {
        return new GroupState(ruleVersion, newBuckets, status, published, observedSinceMs);
    }
}
