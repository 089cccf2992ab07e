package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputSharesTest {
    private static RuleSet rules(String... specs) {
        StringBuilder yaml = new StringBuilder("groups:\n  - name: g\n    rules:\n");
        for (int i = 0; i < specs.length; i++) {
            yaml.append("      - alert: R").append(i).append('\n');
            for (String line : specs[i].split(";")) {
                yaml.append("        ").append(line.trim()).append('\n');
            }
            yaml.append("        condition: '> 1'\n");
        }
        RuleParser.Result r = RuleParser.parse(yaml.toString(), "t.rules.yml");
        assertEquals(List.of(), r.errors());
        return new RuleSet(r.rules());
    }

    private static List<List<String>> shares(RuleSet rules, String metric) {
        return InputShares.of(rules).forMetric(metric).stream()
                .map(InputShare::ruleIds)
                .toList();
    }

    @Test
    void rulesReadingASampleAlikeShareOnePartial() {
        RuleSet set = rules(
                "select: 'm'; aggregate: avg; window: 5m; by: [instance]",
                "select: 'm'; aggregate: max; window: 5m; by: [instance]",
                "select: 'm'; aggregate: avg; window: 5m; by: [instance]; for: 1m");

        assertEquals(List.of(List.of("g/R0", "g/R1", "g/R2")), shares(set, "m"));
    }

    @Test
    void anythingThatChangesThePartialKeepsRulesApart() {
        RuleSet set = rules(
                "select: 'm'; aggregate: avg; window: 5m",
                "select: 'm'; aggregate: rate; window: 5m",
                "select: 'm'; aggregate: avg; window: 10m",
                "select: 'm'; aggregate: avg; window: 5m; by: [instance]",
                "select: 'm{a=\"1\"}'; aggregate: avg; window: 5m",
                "select: 'm'; aggregate: quantile(0.9); window: 5m",
                "select: 'm'; aggregate: deriv; window: 5m");

        assertEquals(7, shares(set, "m").size());
    }

    @Test
    void aRatioIsFoundByItsDenominatorsMetricToo() {
        RuleSet set = rules("select: 'errors'; over: 'requests'; aggregate: rate; window: 5m");

        assertEquals(List.of(List.of("g/R0")), shares(set, "errors"));
        assertEquals(List.of(List.of("g/R0")), shares(set, "requests"));
    }

    @Test
    void theIdOfAShareDependsOnlyOnWhatIsShared() {
        InputShares before = InputShares.of(rules("select: 'm'; aggregate: avg; window: 5m"));
        InputShares after = InputShares.of(
                rules("select: 'm'; aggregate: max; window: 5m; for: 5m", "select: 'n'; aggregate: avg; window: 5m"));

        String id = before.forMetric("m").get(0).id();
        assertEquals(
                id, after.forMetric("m").get(0).id(), "a stored partial finds its rules after a restart or reload");
        assertNull(
                InputShares.of(rules("select: 'n'; aggregate: avg; window: 5m")).get(id));
    }
}
