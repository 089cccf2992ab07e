package io.tocsin.rules.topology;

import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of a rule set: its metric rules gathered into {@link InputShare}s, and each log
 * rule an input of its own, named by its rule id. Indexed by metric name, by id and by rule.
 */
final class InputShares {
    private final Map<String, InputShare> byId = new HashMap<>();
    private final Map<String, List<InputShare>> byMetric = new HashMap<>();
    private final Map<String, InputShare> byRule = new HashMap<>();

    private InputShares(RuleSet rules) {
        Map<String, List<Rule>> bySignature = new LinkedHashMap<>();
        for (Rule r : rules.all()) {
            if (r.select() != null) {
                bySignature
                        .computeIfAbsent(InputShare.signature(r), s -> new ArrayList<>())
                        .add(r);
            } else {
                add(new InputShare(r.id(), List.of(r)));
            }
        }
        bySignature.forEach((signature, members) -> {
            InputShare share = new InputShare(InputShare.id(signature), members);
            add(share);
            Rule r = share.first();
            byMetric.computeIfAbsent(r.select().metric(), k -> new ArrayList<>())
                    .add(share);
            if (r.over() != null && !r.over().metric().equals(r.select().metric())) {
                byMetric.computeIfAbsent(r.over().metric(), k -> new ArrayList<>())
                        .add(share);
            }
        });
    }

    private void add(InputShare input) {
        byId.put(input.id(), input);
        input.rules().forEach(r -> byRule.put(r.id(), input));
    }

    static InputShares of(RuleSet rules) {
        return new InputShares(rules);
    }

    List<InputShare> forMetric(String metric) {
        return byMetric.getOrDefault(metric, List.of());
    }

    /** @return null when no current rule reads input this way any more */
    InputShare get(String id) {
        return byId.get(id);
    }

    /** @return the input a current rule reads; null for an unknown rule */
    InputShare ofRule(String ruleId) {
        return byRule.get(ruleId);
    }
}
