package io.tocsin.rules.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tocsin.rules.model.Rule;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A reload keeps a rule's state when its version is unchanged: every field of a rule must move the
 * version. Each field of {@link Rule} needs a line in {@link #CHANGES}; a field added without one
 * fails {@link #everyFieldOfARuleHasAChangeHere}, and a field left out of the digest fails
 * {@link #changingAnyFieldChangesTheVersion}.
 */
class RuleVersionTest {
    private static final String RULES = """
            groups:
              - name: web
                rules:
                  - alert: HighErrorRate
                    select: 'http_requests_total{status=~"5.."}'
                    over: 'http_requests_total'
                    aggregate: rate
                    window: 5m
                    grace: 2s
                    by: [service]
                    condition: '> 0.01'
                    resolve: '< 0.005'
                    for: 2m
                    keep_firing_for: 1m
                    missing: keep
                    max_groups: 500
                    labels: {severity: critical}
                    annotations: {summary: 'errors on {{ $labels.service }}'}
                  - alert: LoginSpike
                    logs: '{app="web"}'
                    line: 'login failed'
                    aggregate: spike
                    window: 5m
                    baseline: 1h
                    condition: '> 3'
                  - alert: SlowCheckout
                    select: checkout_seconds
                    aggregate: quantile(0.9)
                    condition: '> 1'
                  - alert: PromErrors
                    expr: rate(errors_total[5m]) * 100 > 1
            """;

    /** One edit of the rule file per field, that changes that field only. */
    private static final Map<String, UnaryOperator<String>> CHANGES = new LinkedHashMap<>();

    static {
        CHANGES.put("id", y -> y.replace("name: web", "name: shop"));
        CHANGES.put("group", y -> y.replace("name: web", "name: shop"));
        CHANGES.put("alert", y -> y.replace("alert: HighErrorRate", "alert: ErrorRatio"));
        CHANGES.put("select", y -> y.replace("5..", "50."));
        CHANGES.put("over", y -> y.replace("over: 'http_requests_total'", "over: 'http_requests_total{job=\"x\"}'"));
        CHANGES.put("logs", y -> y.replace("line: 'login failed'", "line: 'login refused'"));
        CHANGES.put("aggregate", y -> y.replace("aggregate: rate", "aggregate: increase"));
        CHANGES.put("aggregateArg", y -> y.replace("quantile(0.9)", "quantile(0.95)"));
        CHANGES.put("window", y -> y.replace("window: 5m\n        grace", "window: 10m\n        grace"));
        CHANGES.put("baseline", y -> y.replace("baseline: 1h", "baseline: 2h"));
        CHANGES.put("grace", y -> y.replace("grace: 2s", "grace: 3s"));
        CHANGES.put("by", y -> y.replace("by: [service]", "by: [service, env]"));
        CHANGES.put("without", y -> y.replace("by: [service]", "without: [service]"));
        CHANGES.put("math", y -> y.replace("* 100 > 1", "* 10 > 1"));
        CHANGES.put("condition", y -> y.replace("'> 0.01'", "'> 0.02'"));
        CHANGES.put("resolve", y -> y.replace("'< 0.005'", "'< 0.004'"));
        CHANGES.put("forDuration", y -> y.replace("for: 2m", "for: 3m"));
        CHANGES.put("keepFiringFor", y -> y.replace("keep_firing_for: 1m", "keep_firing_for: 2m"));
        CHANGES.put("missing", y -> y.replace("missing: keep", "missing: alert"));
        CHANGES.put("maxGroups", y -> y.replace("max_groups: 500", "max_groups: 501"));
        CHANGES.put("labels", y -> y.replace("severity: critical", "severity: warning"));
        CHANGES.put("annotations", y -> y.replace("errors on", "5xx on"));
    }

    private static Map<String, String> versions(String yaml) {
        RuleParser.Result r = RuleParser.parse(yaml, "v.rules.yml");
        assertEquals(java.util.List.of(), r.errors());
        Map<String, String> out = new LinkedHashMap<>();
        for (Rule rule : r.rules()) {
            out.put(rule.alert(), rule.version());
        }
        return out;
    }

    @Test
    void everyFieldOfARuleHasAChangeHere() {
        for (RecordComponent c : Rule.class.getRecordComponents()) {
            if (!RuleVersion.DERIVED.contains(c.getName()) && !CHANGES.containsKey(c.getName())) {
                fail("Rule." + c.getName()
                        + " has no change in RuleVersionTest.CHANGES: add one, so the version is known to follow it");
            }
        }
    }

    @Test
    void changingAnyFieldChangesTheVersion() {
        Map<String, String> before = versions(RULES);
        CHANGES.forEach((field, change) -> {
            String yaml = change.apply(RULES);
            assertNotEquals(RULES, yaml, field + ": the change edits nothing");
            Map<String, String> after = versions(yaml);
            String which = switch (field) {
                case "logs", "baseline" -> "LoginSpike";
                case "aggregateArg" -> "SlowCheckout";
                case "math" -> "PromErrors";
                case "alert" -> "ErrorRatio";
                default -> "HighErrorRate";
            };
            String was = before.get(field.equals("alert") ? "HighErrorRate" : which);
            assertNotEquals(was, after.get(which), "changing " + field + " must change the version");
        });
    }

    @Test
    void theSameDefinitionWrittenDifferentlyKeepsItsVersion() {
        String reordered = RULES.replace("labels: {severity: critical}", "labels: {severity: 'critical'}")
                .replace("for: 2m", "for: 120s");
        assertEquals(versions(RULES), versions(reordered));
    }
}
