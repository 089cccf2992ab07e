package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import io.tocsin.rules.testing.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Prometheus rule without aggregation fires once per series, with the series' labels, as Prometheus does. */
class PromRulesPerSeriesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private Timeline t;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private void rules(String yaml) {
        RuleParser.Result r = RuleParser.parse(yaml, "alerts.yml");
        assertEquals(List.of(), r.errors());
        t = new Timeline(new RuleSet(r.rules()), T0, TopologySettings.DEFAULTS.withIdleAfter(Duration.ZERO));
    }

    private void at(int seconds, String name, SampleKind kind, double value, String... labels) {
        t.sample(new Sample(
                name, Labels.of(labels), value, T0.plusSeconds(seconds).toEpochMilli(), kind));
    }

    /** Drains the alerts published so far. */
    private List<Labels> firing() {
        return t.alerts().stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .map(Alert::labels)
                .distinct()
                .toList();
    }

    @Test
    void oneOfTwoDatabasesDownIsOneAlertForThatInstance() {
        rules("""
                groups:
                  - name: db
                    rules:
                      - alert: DatabaseDown
                        expr: database_health_status == 0
                        for: 1m
                        labels: {severity: critical}
                """);
        for (int s = 0; s <= 120; s += 15) {
            at(s, "database_health_status", SampleKind.GAUGE, 1, "instance", "pg-1", "job", "pg");
            at(s, "database_health_status", SampleKind.GAUGE, 0, "instance", "pg-2", "job", "pg");
            t.advanceTo(T0.plusSeconds(s).plusMillis(200));
        }
        assertEquals(
                List.of(Labels.of(
                        "alertname", "DatabaseDown", "instance", "pg-2", "job", "pg", "severity", "critical")),
                firing());
    }

    @Test
    void theValueIsScaledBeforeTheConditionAndInTheAnnotation() {
        rules("""
                groups:
                  - name: web
                    rules:
                      - alert: ErrorsPerMinute
                        expr: increase(errors_total[1m]) * 60 > 100
                        annotations: {summary: '{{ $value }}'}
                """);
        for (int s = 0; s <= 60; s += 10) {
            at(s, "errors_total", SampleKind.COUNTER, 3 * s / 10, "service", "api");
            t.advanceTo(T0.plusSeconds(s).plusMillis(200));
        }
        Alert first = t.alerts().get(0);
        // 3 errors counted by 10 s (a series' first sample adds 0): 3 * 60 = 180 > 100, unscaled 3 would not fire
        assertEquals(AlertState.FIRING, first.state());
        assertEquals(180.0, first.value());
        assertEquals("180", first.annotations().get("summary"));
    }
}
