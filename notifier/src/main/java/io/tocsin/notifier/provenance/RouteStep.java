package io.tocsin.notifier.provenance;

import io.tocsin.notifier.route.RouteTiming;
import java.util.List;

/**
 * One route the walk tried: its place in the tree ({@code 0} the root, {@code 0.1} its second
 * child), whether its matchers matched, and whether it is where the alert ends up ({@code
 * selected}: it matched and none of its children took the alert).
 *
 * @param groupKey the group the alert joins there, null unless selected
 * @param groupBy  the grouping labels, {@code ["..."]} for every label
 */
public record RouteStep(
        String path,
        String receiver,
        List<String> matchers,
        boolean matched,
        boolean continueMatching,
        boolean selected,
        List<String> groupBy,
        String groupKey,
        RouteTiming timing,
        String escalation,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals) {

    public RouteStep {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }
}
