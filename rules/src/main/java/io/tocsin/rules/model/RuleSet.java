package io.tocsin.rules.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated set of rules, indexed by metric name so that a sample meets only the rules
 * that could select it.
 */
public final class RuleSet {
    public static final RuleSet EMPTY = new RuleSet(List.of());

    private final Map<String, Rule> byId = new LinkedHashMap<>();
    private final Map<String, List<Rule>> byMetric = new HashMap<>();
    private final List<Rule> logRules = new ArrayList<>();

    public RuleSet(Collection<Rule> rules) {
        for (Rule r : rules) {
            if (byId.put(r.id(), r) != null) {
                throw new IllegalArgumentException("duplicate rule id " + r.id());
            }
            if (r.logs() != null) {
                logRules.add(r);
                continue;
            }
            byMetric.computeIfAbsent(r.select().metric(), k -> new ArrayList<>())
                    .add(r);
            if (r.over() != null && !r.over().metric().equals(r.select().metric())) {
                byMetric.computeIfAbsent(r.over().metric(), k -> new ArrayList<>())
                        .add(r);
            }
        }
    }

    public Rule get(String id) {
        return byId.get(id);
    }

    /** The rules whose selection, or ratio denominator, names this metric. */
    public List<Rule> forMetric(String metric) {
        return byMetric.getOrDefault(metric, List.of());
    }

    /** The rules that count log lines; each log record is checked against all of them. */
    public List<Rule> logRules() {
        return logRules;
    }

    public Collection<Rule> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
