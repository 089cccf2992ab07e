package io.tocsin.rules.promimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.PlainYaml;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.parse.RuleParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromRuleImporterTest {

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> yaml(String text) {
        return (java.util.Map<String, Object>) PlainYaml.of(YamlLoader.parse(text, "prom.yml"));
    }

    /** Converts one expression and loads the result with the real rule parser. */
    private static Rule one(String expr) {
        PromRuleImporter.Result r = PromRuleImporter.convert(yaml("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: '%s'
                        annotations: {summary: 'on {{ $labels.instance }}'}
                """.formatted(expr.replace("'", "''"))));
        assertEquals(List.of(), r.skipped());
        RuleParser.Result parsed = RuleParser.parse(r.yaml(), "imported.rules.yml");
        assertEquals(List.of(), parsed.errors(), r.yaml());
        return parsed.rules().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # expr                                                                                            | select / over                         | aggregate                   | window | by          | condition
            up == 0                                                                                           | up /                                   | LAST                        | PT5M   | without []  | == 0.0
            sum by (service) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m])) > 0.01 | http_requests_total{status=~"5.."} / http_requests_total | PROM_RATE | PT5M | [service] | > 0.01
            histogram_quantile(0.95, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m]))) > 1  | http_request_duration_seconds_bucket / | PROM_HISTOGRAM_QUANTILE | PT5M   | [job]       | > 1.0
            max by (replica) (max_over_time(pg_replication_lag_seconds[2m])) > 30                            | pg_replication_lag_seconds /           | MAX                         | PT2M   | [replica]   | > 30.0
            predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[1h], 4 * 3600) < 0                    | node_filesystem_avail_bytes{mountpoint="/"} / | PREDICT_LINEAR     | PT1H   | without []  | < 0.0
            increase(kube_pod_container_status_restarts_total[15m]) >= 3                                      | kube_pod_container_status_restarts_total / | PROM_INCREASE | PT15M  | without []  | >= 3.0
            0.5 < max by (instance) (max_over_time(node_load1[5m]))                                           | node_load1 /                           | MAX                         | PT5M   | [instance]  | > 0.5
            sum without (instance) (rate(x_total[5m])) > 1                                                    | x_total /                              | PROM_RATE                        | PT5M   | without [instance] | > 1.0
            """)
    void convertsTheShapesAlertsAreWrittenIn(
            String expr, String selects, String aggregate, String window, String by, String condition) {
        Rule r = one(expr);
        String[] s = selects.split(" /", -1);
        assertEquals(s[0].trim(), r.select().toString().replace(", ", ","), expr);
        assertEquals(s.length > 1 && !s[1].isBlank() ? s[1].trim() : "null", String.valueOf(r.over()), expr);
        assertEquals(aggregate, r.aggregate().name(), expr);
        assertEquals(window, r.window().toString(), expr);
        assertEquals(
                by.replace(" ", ""),
                (r.without() ? "without" : "") + r.by().toString().replace(" ", ""),
                expr);
        assertEquals(condition, r.condition().toString(), expr);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            avg by (instance) (rate(x_total[5m])) > 1                      | an avg of per-series values
            rate(x_total[5m]) * 100 > 1                                    | keep the Prometheus rule file as it is
            absent(up{job="backup"})                                       | absent() is not compiled yet
            rate(a_total[5m]) > rate(b_total[5m])                          | comparing two vectors (one-to-one matching) is not compiled
            sum(avg_over_time(x[5m])) > 1                                  | is not one window aggregate
            topk(3, x) > 1                                                 | 'topk' is not compiled
            max_over_time(x[1h:5m]) > 1                                    | subqueries
            x offset 5m > 1                                                | offset and @ are not compiled
            sum(x) > 1                                                     | sum of instant values
            a / on(instance) b > 1                                         | vector matching
            rate(x_total{code=~"5.."[5m]) > 1                              | column 25: expected ',' or '}', found '['
            rate(x_total{1code="5"}[5m]) > 1                               | column 14: invalid label name "1code"
            {job="api"} > 1                                                | without a metric name
            """)
    void refusesWithAReason(String expr, String reason) {
        PromRuleImporter.Result r = PromRuleImporter.convert(
                yaml("groups: [{name: g, rules: [{alert: A, expr: '" + expr.replace("'", "''") + "'}]}]"));
        assertEquals(1, r.skipped().size(), expr);
        assertTrue(
                r.skipped().get(0).reason().contains(reason), r.skipped().get(0).toString());
    }

    @Test
    void recordingRulesTemplatedLabelsAndUnknownTemplatesAreRefusedNotApproximated(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("prom.yml");
        Files.writeString(in, """
                groups:
                  - name: node
                    rules:
                      - record: instance:cpu:rate5m
                        expr: rate(node_cpu_seconds_total[5m])
                      - alert: HostDown
                        expr: up{job="node"} == 0
                        for: 1m
                        keep_firing_for: 5m
                        labels: {severity: critical, team: '{{ $labels.team }}'}
                        annotations:
                          summary: 'Host {{ $labels.instance }} is down'
                      - alert: HostCold
                        expr: temp < 0
                        annotations:
                          runbook: '{{ template "runbook" . }}'
                      - alert: HostUp
                        expr: up{job="node"} == 1
                        keep_firing_for: 5m
                        labels: {severity: critical}
                """);
        Path outFile = dir.resolve("node.rules.yml");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = RulesImportTool.run(
                new String[] {in.toString(), "-o", outFile.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, report);
        assertTrue(report.contains("node/record instance:cpu:rate5m: recording rules are not alerts"), report);
        assertTrue(report.contains("node/HostDown: label team is a template"), report);
        assertTrue(report.contains("node/HostCold: annotation runbook"), report);
        String yaml = Files.readString(outFile);
        RuleParser.Result parsed = RuleParser.parse(yaml, "node.rules.yml");
        assertEquals(List.of(), parsed.errors(), yaml);
        Rule r = parsed.rules().get(0);
        assertEquals("node/HostUp", r.id());
        assertEquals(Map.of("severity", "critical"), r.labels());
        assertEquals(java.time.Duration.ofMinutes(5), r.keepFiringFor());
        assertTrue(r.without(), "per series, as Prometheus evaluates it");
        assertEquals(List.of(), r.by());
    }
}
