package io.tocsin.rules.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Problem;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    private static final String VALID = """
            groups:
              - name: web
                rules:
                  - alert: HighLatency
                    select: 'request_seconds{job="api", path!~"/health.*"}'
                    aggregate: avg
                    window: 5m
                    by: [instance]
                    condition: '> 0.5'
                    for: 2m
                    labels:
                      severity: warning
                    annotations:
                      summary: 'Latency on {{ $labels.instance }} is {{ $value | humanizeDuration }}'
            """;

    @Test
    void aValidFileYieldsItsRules() {
        RuleParser.Result r = RuleParser.parse(VALID, "web.rules.yml");
        assertEquals(List.of(), r.errors());
        Rule rule = r.rules().get(0);
        assertEquals("web/HighLatency", rule.id());
        assertEquals("request_seconds", rule.select().metric());
        assertEquals(2, rule.select().matchers().size());
        assertEquals(Aggregation.AVG, rule.aggregate());
        assertEquals(Duration.ofMinutes(5), rule.window());
        assertEquals(Duration.ofMinutes(2), rule.forDuration());
        assertEquals(List.of("instance"), rule.by());
        assertEquals(
                "Latency on db-1 is 1.5s",
                rule.renderAnnotations(Labels.of("instance", "db-1"), 1.5).get("summary"));
    }

    @Test
    void theVersionChangesWithTheMeaningOnly() {
        String v1 = RuleParser.parse(VALID, "a").rules().get(0).version();
        String v2 = RuleParser.parse(VALID.replace("> 0.5", "> 0.6"), "a")
                .rules()
                .get(0)
                .version();
        String same = RuleParser.parse(VALID, "b").rules().get(0).version();
        assertTrue(!v1.equals(v2));
        assertEquals(v1, same);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelt field                     | 'condition: ''> 0.5''' | 'condtion: ''> 0.5'''               | 9:9   | unknown field 'condtion'
            a condition that is not a comparison | '''> 0.5'''            | '''above 0.5'''                      | 9:20  | must be a comparison
            an unknown aggregate                 | 'aggregate: avg'       | 'aggregate: median'                  | 6:20  | unknown aggregate 'median'
            a bad duration                       | 'for: 2m'              | 'for: 2 minutes'                     | 10:14 | is not a duration
            a selector missing its quote         | 'job="api"'            | 'job=api'                            | 5:38  | expected a quoted value
            an invalid regex                     | '"/health.*"'          | '"(unclosed"'                        | 5:51  | invalid regular expression
            a Go escape a regex meant literally  | '"/health.*"'          | '"\\d+"'                              | 5:52  | unknown escape \\d (a regex backslash is written \\\\d)
            a selector without a metric name     | 'request_seconds{'     | '{'                                  | 5:18  | a rule's selector needs a metric name
            an unknown template function         | 'humanizeDuration'     | 'shout'                              | 14:20 | unknown template function 'shout'
            a bad alert name                     | 'alert: HighLatency'   | 'alert: High-Latency'                | 4:16  | must match
            """)
    void errorsNameFileLineAndColumn(String what, String from, String to, String where, String message) {
        RuleParser.Result r = RuleParser.parse(VALID.replace(from, to), "web.rules.yml");
        assertEquals(List.of(), r.rules(), what + " must not yield rules");
        assertTrue(!r.errors().isEmpty(), what + " must be reported");
        Problem e = r.errors().get(0);
        assertEquals("web.rules.yml:" + where, e.mark().toString(), e.toString());
        assertTrue(e.message().contains(message), e.toString());
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnce() {
        String yaml = VALID.replace("aggregate: avg", "aggregate: median").replace("for: 2m", "for: soon");
        assertEquals(2, RuleParser.parse(yaml, "x").errors().size());
    }

    @Test
    void brokenYamlIsReportedWhereTheParserStopped() {
        RuleParser.Result r = RuleParser.parse("groups:\n  - name: [unclosed\n", "bad.rules.yml");
        assertEquals(1, r.errors().size());
        assertTrue(
                r.errors().get(0).toString().startsWith("bad.rules.yml:3:"),
                r.errors().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a quantile above one                 | 'aggregate: avg' | 'aggregate: histogram_quantile(1.5)' | the quantile must be a number from 0 to 1
            a quantile without its argument      | 'aggregate: avg' | 'aggregate: quantile'                | quantile needs an argument
            an argument where none is taken      | 'aggregate: avg' | 'aggregate: rate(5m)'                | rate takes no argument
            a bad predict_linear horizon         | 'aggregate: avg' | 'aggregate: predict_linear(soon)'    | is not a duration
            an unknown missing-data policy       | 'for: 2m'        | 'missing: maybe'                     | must be resolve, keep or alert
            a resolve overlapping the condition  | 'for: 2m'        | 'resolve: ''> 0.4'''                 | must point the other way
            a ratio of quantiles                 | 'for: 2m'        | 'over: x'                            | 'over' (a ratio) works with
            le in by for histogram quantiles     | '[instance]'     | '[le]'                               | leave it out of 'by'
            a group cap of zero                  | 'for: 2m'        | 'max_groups: 0'                      | must be a whole number, 1 or more
            """)
    void newFieldsAreValidated(String what, String from, String to, String message) {
        String yaml = VALID.replace(from, to);
        if (what.startsWith("le in by")) {
            yaml = yaml.replace("aggregate: avg", "aggregate: histogram_quantile(0.9)");
        }
        if (what.startsWith("a ratio of quantiles")) {
            yaml = yaml.replace("aggregate: avg", "aggregate: quantile(0.9)");
        }
        RuleParser.Result r = RuleParser.parse(yaml, "web.rules.yml");
        assertEquals(List.of(), r.rules(), what);
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains(message)), what + ": " + r.errors());
    }

    @Test
    void theNewFieldsAreRead() {
        String yaml = VALID.replace("aggregate: avg", "aggregate: rate")
                .replace(
                        "for: 2m",
                        "for: 2m\n        over: 'request_seconds'\n        resolve: '< 0.3'\n"
                                + "        keep_firing_for: 5m\n        missing: keep\n        max_groups: 50");
        RuleParser.Result r = RuleParser.parse(yaml, "web.rules.yml");
        assertEquals(List.of(), r.errors());
        Rule rule = r.rules().get(0);
        assertEquals(Aggregation.RATE, rule.aggregate());
        assertEquals("request_seconds", rule.over().metric());
        assertEquals("< 0.3", rule.resolve().toString());
        assertEquals(Duration.ofMinutes(5), rule.keepFiringFor());
        assertEquals(io.tocsin.rules.model.MissingData.KEEP, rule.missing());
        assertEquals(50, rule.maxGroups());
        Rule p = RuleParser.parse(VALID.replace("aggregate: avg", "aggregate: predict_linear(4h)"), "x")
                .rules()
                .get(0);
        assertEquals(14_400, p.aggregateArg());
    }

    private static final String LOG_RULE = """
            groups:
              - name: auth
                rules:
                  - alert: AuthFailureSpike
                    logs: '{app="api"}'
                    line_regex: 'authentication failed'
                    aggregate: spike
                    window: 5m
                    baseline: 1h
                    condition: '> 4'
            """;

    @Test
    void aLogRuleIsRead() {
        RuleParser.Result r = RuleParser.parse(LOG_RULE, "auth.rules.yml");
        assertEquals(List.of(), r.errors());
        Rule rule = r.rules().get(0);
        assertEquals(Aggregation.SPIKE, rule.aggregate());
        assertEquals(Duration.ofHours(1), rule.baseline());
        assertEquals(null, rule.select());
        assertEquals("{app=\"api\"} |~ \"authentication failed\"", rule.logs().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a spike without baseline          | '        baseline: 1h'          | ''                                   | spike needs 'baseline:'
            a metric function on logs         | 'aggregate: spike'             | 'aggregate: max'                      | a log rule counts lines
            a bad line regex                  | 'authentication failed'        | '(unclosed'                           | line_regex: invalid regex
            a stream selector with a name     | '{app="api"}'                  | 'up{app="api"}'                       | expected '{'
            an empty stream selector          | '{app="api"}'                  | '{}'                                  | at least one label matcher
            logs and select together          | '        window: 5m'           | '        window: 5m\\n        select: up' | not both
            """)
    void logRulesAreValidated(String what, String from, String to, String message) {
        RuleParser.Result r =
                RuleParser.parse(LOG_RULE.replace(from + (to.isEmpty() ? "\n" : ""), to.replace("\\n", "\n")), "a");
        assertEquals(List.of(), r.rules(), what);
        assertTrue(r.errors().stream().anyMatch(e -> e.message().contains(message)), what + ": " + r.errors());
    }
}
