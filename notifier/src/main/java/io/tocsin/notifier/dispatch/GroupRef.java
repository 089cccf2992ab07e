package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.route.RouteMatch;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import java.util.Objects;

/**
 * One aggregation group: a receiver, the route's group key and its labels, and the route's timing
 * and escalation policy when the group was last routed to. {@link #id()} keys the group everywhere (the repartition
 * topic, the group store, the ledger), so one Streams task owns each group.
 */
public record GroupRef(
        String receiver,
        String groupKey,
        Labels groupLabels,
        RouteTiming timing,
        String escalation,
        TimeMuting muting) {
    public GroupRef {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(timing, "timing");
        groupLabels = groupLabels == null ? Labels.EMPTY : groupLabels;
        muting = muting == null ? TimeMuting.NONE : muting;
    }

    public static GroupRef of(RouteMatch match) {
        return new GroupRef(
                match.receiver(),
                match.groupKey(),
                match.groupLabels(),
                match.timing(),
                match.escalation(),
                match.muting());
    }

    public GroupRef(String receiver, String groupKey, Labels groupLabels, RouteTiming timing) {
        this(receiver, groupKey, groupLabels, timing, null, TimeMuting.NONE);
    }

    public String id() {
        return LedgerEntry.keyOf(receiver, groupKey);
    }
}
