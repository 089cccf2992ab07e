package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import java.util.List;

/**
 * Stage 2's stored state per (rule, group): the window ring, the state machine's memory, and
 * the labels last published, so that a removed or changed rule resolves the very alert it fired.
 */
public record GroupState(String ruleVersion, List<Bucket> buckets, AlertStatus status, Labels published) {
    public GroupState {
        buckets = List.copyOf(buckets);
    }

    static GroupState fresh(String ruleVersion) {
        return new GroupState(ruleVersion, List.of(), AlertStatus.INACTIVE, null);
    }

    GroupState with(List<Bucket> newBuckets) {
        return new GroupState(ruleVersion, newBuckets, status, published);
    }
}
