package io.tocsin.rules.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Durations;
import io.tocsin.rules.model.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Prometheus alerting rule in a rule file compiles to exactly its meaning, or is refused with the reason. */
class PromRuleCompileTest {

    private static RuleParser.Result parse(String expr) {
        return RuleParser.parse("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: '%s'
                        for: 2m
                """.formatted(expr.replace("'", "''")), "alerts.yml");
    }

    /** The compiled rule in one line: what it selects, aggregates, groups by, and compares. */
    private static String compiled(Rule r) {
        String arg = Double.isNaN(r.aggregateArg()) || r.aggregateArg() == 0 ? "" : "(" + r.aggregateArg() + ")";
        return r.select() + (r.over() == null ? "" : " / " + r.over()) + " | "
                + r.aggregate().wireName() + arg + " " + Durations.format(r.window())
                + " | " + (r.without() ? "without " : "by ") + r.by() + " | "
                + (r.math().steps().isEmpty() ? "" : r.math() + " ")
                + r.condition();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # the deployment guide's three rules, unchanged
            rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m]) * 100 > 1 | `http_requests_total{status=~"5.."} / http_requests_total | prom_rate 5m | without [] | [v * 100.0] > 1.0`
            database_health_status == 0                                                         | `database_health_status | last 5m | without [] | == 0.0`
            histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 1        | `http_request_duration_seconds_bucket | prom_histogram_quantile(0.95) 5m | without [] | > 1.0`
            # per series: one alert per series, all its labels
            up == 0                                                                             | `up | last 5m | without [] | == 0.0`
            increase(kube_pod_container_status_restarts_total[15m]) >= 3                         | `kube_pod_container_status_restarts_total | prom_increase 15m | without [] | >= 3.0`
            predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[1h], 24 * 3600) < 0       | `node_filesystem_avail_bytes{mountpoint="/"} | predict_linear(86400.0) 1h | without [] | < 0.0`
            # aggregations
            sum by (service) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m])) > 0.01 | `http_requests_total{status=~"5.."} / http_requests_total | prom_rate 5m | by [service] | > 0.01`
            sum without (pod) (increase(celery_task_failed_total[10m])) > 5                      | `celery_task_failed_total | prom_increase 10m | without [pod] | > 5.0`
            max by (replica) (max_over_time(pg_replication_lag_seconds[2m])) > 30               | `pg_replication_lag_seconds | max 2m | by [replica] | > 30.0`
            histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5 | `http_request_duration_seconds_bucket | prom_histogram_quantile(0.99) 5m | by [job] | > 0.5`
            # scalar arithmetic applied to the value (as PromQL does), thresholds folded in double
            rate(a_total[5m]) / rate(b_total[5m]) < 0.5                                          | `a_total / b_total | prom_rate 5m | without [] | < 0.5`
            100 * rate(x_total[5m]) > 24 * 3600                                                  | `x_total | prom_rate 5m | without [] | [100.0 * v] > 86400.0`
            (1 - avg_over_time(node_memory_free_ratio[5m])) * 100 > 90                            | `node_memory_free_ratio | avg 5m | without [] | [1.0 - v, v * 100.0] > 90.0`
            0.5 < max by (instance) (max_over_time(node_load1[5m]))                               | `node_load1 | max 5m | by [instance] | > 0.5`
            """)
    void anAcceptedShapeCompilesToThisTocsinRule(String expr, String expected) {
        RuleParser.Result r = parse(expr);
        assertEquals(List.of(), r.errors(), expr);
        assertEquals(expected, compiled(r.rules().get(0)), expr);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) < 0.1        | an avg of per-series values weighs every series equally
            sum(x) > 1                                                                       | sum of instant values is not compiled
            sum(avg_over_time(x[5m])) > 1                                                    | is not one window aggregate
            topk(3, x) > 1                                                                   | 'topk' is not compiled
            rate(a_total[5m]) > rate(b_total[5m])                                            | comparing two vectors (one-to-one matching) is not compiled
            a / on(instance) b > 1                                                           | vector matching
            x offset 5m > 1                                                                  | offset
            max_over_time(x[1h:5m]) > 1                                                      | subqueries
            absent(up{job="backup"})                                                         | absent() is not compiled yet
            sum_over_time(a[5m]) / sum_over_time(b[5m]) < 0.5                                | a ratio compared so that 0 satisfies
            histogram_quantile(0.9, sum by (job) (rate(x_bucket[5m]))) > 1                   | must keep 'le'
            rate(a_total[5m]) * rate(b_total[5m]) > 1                                        | between two series is not compiled
            histogram_quantile(0.9, increase(x_bucket[5m])) > 1                              | expected one of [rate]
            up == 0 and on(instance) node_up == 1                                            | 'and' (a set operation between two vectors) is not compiled
            up == 0 or node_up == 0                                                          | 'or' (a set operation
            up == 0 unless on(job) maintenance == 1                                          | 'unless' (a set operation
            x > bool 1                                                                       | 'bool' is not compiled
            a > on(instance) b                                                               | on()/ignoring() matching is not compiled
            a > ignoring(mode) b                                                             | on()/ignoring() matching is not compiled
            time() - backup_last_success_timestamp_seconds > 86400                           | time() is not compiled
            absent_over_time(up{job="backup"}[10m])                                          | absent_over_time() is not compiled yet
            x offset 1h > 1                                                                  | offset and @ are not compiled
            """)
    void aRefusedShapeIsALoadErrorAtTheExpressionWithItsReason(String expr, String reason) {
        RuleParser.Result r = parse(expr);
        assertEquals(1, r.errors().size(), r.errors().toString());
        String error = r.errors().get(0).toString();
        assertTrue(error.startsWith("alerts.yml:5:"), error);
        assertTrue(error.contains(reason), error);
    }

    @Test
    void exprAndTocsinFieldsTogetherAreAnError() {
        RuleParser.Result r = RuleParser.parse("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up == 0
                        select: up
                """, "alerts.yml");
        assertEquals(
                "alerts.yml:6:9: 'select' and 'expr' both define what the rule evaluates: use one",
                r.errors().get(0).toString());
    }

    @Test
    void aRecordingRuleIsRefusedClearly() {
        RuleParser.Result r = RuleParser.parse("""
                groups:
                  - name: g
                    rules:
                      - record: job:rate5m
                        expr: sum by (job) (rate(x_total[5m]))
                """, "rules.yaml");
        assertTrue(
                r.errors().get(0).toString().contains("recording rules are not evaluated by Tocsin yet"),
                r.errors().toString());
    }
}
