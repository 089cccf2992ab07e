package io.tocsin.notifier.provenance;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing tree walked for a label set, every route tried in order, as {@link Route#match}
 * walks it (Alertmanager's depth first, first matching child wins unless it says continue): the
 * selected steps are exactly Route.match's results. Pure.
 */
public final class RouteWalk {
    private RouteWalk() {}

    public static List<RouteStep> of(Route root, Labels labels) {
        List<RouteStep> out = new ArrayList<>();
        walk(root, "0", labels, out);
        return List.copyOf(out);
    }

    /** The selected steps, one per receiver, the first in tree order (what dispatch uses). */
    public static List<RouteStep> oncePerReceiver(List<RouteStep> walk) {
        java.util.Map<String, RouteStep> first = new java.util.LinkedHashMap<>();
        walk.stream().filter(RouteStep::selected).forEach(s -> first.putIfAbsent(s.receiver(), s));
        return List.copyOf(first.values());
    }

    private static boolean walk(Route r, String path, Labels labels, List<RouteStep> out) {
        boolean matched = r.matchers().stream().allMatch(m -> m.matches(labels));
        int self = out.size();
        out.add(step(r, path, matched, false, null));
        if (!matched) {
            return false;
        }
        boolean childTook = false;
        for (int i = 0; i < r.routes().size(); i++) {
            Route child = r.routes().get(i);
            if (walk(child, path + "." + i, labels, out)) {
                childTook = true;
                if (!child.continueMatching()) {
                    break;
                }
            }
        }
        if (!childTook) {
            Labels group = r.groupBy().select(labels);
            out.set(self, step(r, path, true, true, r.key() + ":" + group));
        }
        return true;
    }

    private static RouteStep step(Route r, String path, boolean matched, boolean selected, String groupKey) {
        return new RouteStep(
                path,
                r.receiver(),
                r.matchers().stream().map(Matcher::toString).toList(),
                matched,
                r.continueMatching(),
                selected,
                r.groupBy().allLabels() ? List.of("...") : r.groupBy().names(),
                groupKey,
                r.timing(),
                r.escalation(),
                r.muting() == null ? List.of() : r.muting().mute(),
                r.muting() == null ? List.of() : r.muting().active());
    }
}
