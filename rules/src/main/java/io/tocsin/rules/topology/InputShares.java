package io.tocsin.rules.topology;

import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metric rules of a rule set gathered into {@link InputShare}s, indexed by metric name and by id. */
final class InputShares {
    private final Map<String, InputShare> byId = new HashMap<>();
    private final Map<String, List<InputShare>> byMetric = new HashMap<>();

    private InputShares(RuleSet rules) {
        Map<String, List<Rule>> bySignature = new LinkedHashMap<>();
        for (Rule r : rules.all()) {
            if (r.select() != null) {
                bySignature.computeIfAbsent(InputShare.signature(r), s -> new ArrayList<>()).add(r);
            }
        }
        bySignature.forEach((signature, members) -> {
            InputShare share = new InputShare(InputShare.id(signature), members.get(0), members.stream().map(Rule::id).toList());
            byId.put(share.id(), share);
            Rule r = share.first();
            byMetric.computeIfAbsent(r.select().metric(), k -> new ArrayList<>()).add(share);
            if (r.over() != null && !r.over().metric().equals(r.select().metric())) {
                byMetric.computeIfAbsent(r.over().metric(), k -> new ArrayList<>()).add(share);
            }
        });
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
}
