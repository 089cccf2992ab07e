package io.tocsin.notifier.route;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A node of the routing tree, with its settings already inherited from its parents. Matching is
 * Alertmanager's: depth first, the first matching child wins unless it says {@code continue},
 * and a node matches itself only when none of its children did.
 *
 * @param key        the node's identity in group keys: the parent's key, a slash, then its sorted matchers
 * @param escalation the escalation policy of the node's groups, or null
 * @param muting     the node's own time intervals (Alertmanager does not inherit them)
 */
public record Route(
        String key,
        List<Matcher> matchers,
        String receiver,
        GroupBy groupBy,
        boolean continueMatching,
        RouteTiming timing,
        String escalation,
        TimeMuting muting,
        List<Route> routes) {

    public Route {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(timing, "timing");
        matchers = matchers.stream().sorted(Matcher.ORDER).toList();
        routes = List.copyOf(routes);
    }

    /** The key a node with these matchers gets under {@code parentKey} (null for the root). */
    public static String keyOf(String parentKey, List<Matcher> matchers) {
        String own = matchers.stream()
                .sorted(Matcher.ORDER)
                .map(Matcher::toString)
                .collect(Collectors.joining(",", "{", "}"));
        return parentKey == null ? own : parentKey + "/" + own;
    }

    /** Every receiver and group these labels are routed to, in tree order; empty if none. */
    public List<RouteMatch> match(Labels labels) {
        List<RouteMatch> out = new ArrayList<>();
        collect(labels, out);
        return List.copyOf(out);
    }

    private boolean collect(Labels labels, List<RouteMatch> out) {
        if (!matchers.stream().allMatch(m -> m.matches(labels))) {
            return false;
        }
        int before = out.size();
        for (Route child : routes) {
            if (child.collect(labels, out) && !child.continueMatching) {
                break;
            }
        }
        if (out.size() == before) {
            Labels group = groupBy.select(labels);
            out.add(new RouteMatch(receiver, key + ":" + group, group, timing, escalation, muting));
        }
        return true;
    }

    /**
     * What dispatch uses: one match per receiver, the first in tree order, so an alert reaching a
     * receiver through two routes is told once, in the group of the first route that matched.
     */
    public List<RouteMatch> matchOncePerReceiver(Labels labels) {
        java.util.Map<String, RouteMatch> first = new java.util.LinkedHashMap<>();
        match(labels).forEach(m -> first.putIfAbsent(m.receiver(), m));
        return List.copyOf(first.values());
    }

    /** Every receiver name the tree can route to, for validating the config. */
    public List<String> receivers() {
        List<String> all = new ArrayList<>();
        all.add(receiver);
        routes.forEach(r -> all.addAll(r.receivers()));
        return all.stream().distinct().sorted(Comparator.naturalOrder()).toList();
    }
}
