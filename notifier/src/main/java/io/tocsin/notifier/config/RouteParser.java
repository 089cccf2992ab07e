package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Mark;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.label.Matcher;
import io.tocsin.notifier.route.GroupBy;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code route:} tree, resolving what each node inherits from its parent. */
final class RouteParser {
    private static final Set<String> KNOWN = Set.of(
            "receiver",
            "group_by",
            "continue",
            "matchers",
            "match",
            "match_re",
            "routes",
            "group_wait",
            "group_interval",
            "repeat_interval",
            "resolve_wait",
            "escalation_policy",
            "mute_time_intervals",
            "active_time_intervals");
    private static final Map<String, String> NOT_YET = Map.of();
    private static final String ALL_LABELS = "...";

    /** A receiver name used by a route, kept with its place to report it if no such receiver exists. */
    record Reference(String receiver, Mark mark) {}

    private record Inherited(String receiver, GroupBy groupBy, RouteTiming timing, String escalation) {}

    /** An escalation policy named by a route, kept with its place to report it if it does not exist. */
    record PolicyReference(String policy, Mark mark) {}

    private final ConfigReader reader;
    private final List<Reference> references = new ArrayList<>();
    private final List<PolicyReference> policyReferences = new ArrayList<>();

    RouteParser(ConfigReader reader) {
        this.reader = reader;
    }

    List<Reference> references() {
        return references;
    }

    /** A time interval named by a route. */
    record IntervalReference(String name, Mark mark) {}

    private final List<IntervalReference> intervalReferences = new ArrayList<>();

    List<IntervalReference> intervalReferences() {
        return intervalReferences;
    }

    List<PolicyReference> policyReferences() {
        return policyReferences;
    }

    Route root(YamlNode node) {
        YamlNode.Mapping m = reader.mapping(node, "route");
        if (m == null) {
            return null;
        }
        for (String name : List.of("matchers", "match", "match_re")) {
            YamlNode.Entry e = m.entries().get(name);
            if (e != null) {
                reader.problem(e.keyMark(), "the root route must not have '" + name + "': it receives every alert");
            }
        }
        YamlNode.Entry cont = m.entries().get("continue");
        if (cont != null) {
            reader.problem(cont.keyMark(), "the root route cannot 'continue': there is nothing after it");
        }
        if (m.get("receiver") == null) {
            reader.problem(m.mark(), "the root route needs a receiver");
        }
        return route(m, null, "route", new Inherited("", GroupBy.NONE, RouteTiming.DEFAULTS, null), true);
    }

    private Route route(YamlNode.Mapping m, String parentKey, String where, Inherited parent, boolean root) {
        reader.onlyKnown(m, where, KNOWN, NOT_YET);

        String receiver = parent.receiver();
        YamlNode receiverNode = m.get("receiver");
        if (receiverNode != null) {
            String name = reader.string(receiverNode, where + ".receiver");
            if (name != null) {
                receiver = name;
                references.add(new Reference(name, receiverNode.mark()));
            }
        }

        GroupBy groupBy = parent.groupBy();
        YamlNode groupByNode = m.get("group_by");
        if (groupByNode != null) {
            GroupBy own = groupBy(groupByNode, where + ".group_by");
            groupBy = own == null ? groupBy : own;
        }

        RouteTiming timing = timing(m, where, parent.timing());
        String escalation = parent.escalation();
        YamlNode escalationNode = m.get("escalation_policy");
        if (escalationNode != null) {
            String name = reader.string(escalationNode, where + ".escalation_policy");
            if (name != null) {
                escalation = name;
                policyReferences.add(new PolicyReference(name, escalationNode.mark()));
            }
        }
        List<Matcher> matchers = root ? List.of() : matchers(m, where);
        boolean cont = false;
        YamlNode contNode = m.get("continue");
        if (contNode != null && !root) {
            Boolean b = reader.bool(contNode, where + ".continue");
            cont = b != null && b;
        }

        TimeMuting muting = new TimeMuting(
                intervals(m, "mute_time_intervals", where, root), intervals(m, "active_time_intervals", where, root));
        String key = Route.keyOf(parentKey, matchers);
        List<Route> children = new ArrayList<>();
        YamlNode routesNode = m.get("routes");
        if (routesNode != null) {
            List<YamlNode> items = reader.list(routesNode, where + ".routes");
            Inherited inherited = new Inherited(receiver, groupBy, timing, escalation);
            for (int i = 0; items != null && i < items.size(); i++) {
                String childWhere = where + ".routes[" + i + "]";
                YamlNode.Mapping child = reader.mapping(items.get(i), childWhere);
                if (child != null) {
                    children.add(route(child, key, childWhere, inherited, false));
                }
            }
        }
        return new Route(key, matchers, receiver, groupBy, cont, timing, escalation, muting, children);
    }

    private List<String> intervals(YamlNode.Mapping m, String field, String where, boolean root) {
        YamlNode node = m.get(field);
        if (node == null) {
            return List.of();
        }
        if (root) {
            reader.problem(node.mark(), "the root route cannot have " + field + ": it would mute or limit every alert");
            return List.of();
        }
        List<String> names = reader.strings(node, where + "." + field);
        if (names == null) {
            return List.of();
        }
        names.forEach(n -> intervalReferences.add(new IntervalReference(n, node.mark())));
        return names;
    }

    private GroupBy groupBy(YamlNode node, String where) {
        List<String> given = reader.strings(node, where);
        if (given == null) {
            return null;
        }
        if (given.contains(ALL_LABELS)) {
            if (given.size() > 1) {
                reader.problem(node.mark(), where + ": '...' means every label and must stand alone");
                return null;
            }
            return GroupBy.ALL;
        }
        int before = reader.problems().size();
        List<String> names = reader.labelNames(node, where);
        if (names == null || reader.problems().size() > before) {
            return null;
        }
        if (names.stream().distinct().count() != names.size()) {
            reader.problem(node.mark(), where + " lists a label twice");
            return null;
        }
        return new GroupBy(false, names);
    }

    private RouteTiming timing(YamlNode.Mapping m, String where, RouteTiming parent) {
        Duration wait = durationOr(m, "group_wait", where, parent.groupWait());
        Duration interval = durationOr(m, "group_interval", where, parent.groupInterval());
        Duration repeat = durationOr(m, "repeat_interval", where, parent.repeatInterval());
        Duration resolve = durationOr(m, "resolve_wait", where, parent.resolveWait());
        try {
            return new RouteTiming(wait, interval, repeat, resolve);
        } catch (IllegalArgumentException e) {
            reader.problem(m.mark(), where + ": " + e.getMessage());
            return parent;
        }
    }

    private Duration durationOr(YamlNode.Mapping m, String name, String where, Duration inherited) {
        YamlNode node = m.get(name);
        if (node == null) {
            return inherited;
        }
        Duration d = reader.duration(node, where + "." + name);
        return d == null ? inherited : d;
    }

    private List<Matcher> matchers(YamlNode.Mapping m, String where) {
        return MatcherFields.read(reader, m, where, "matchers", "match", "match_re");
    }
}
