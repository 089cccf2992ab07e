package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import io.tocsin.rules.testing.Timeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Log rules through the real topology: stream matchers, line filters, count, rate and spike vs baseline. */
class LogRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private Timeline t;

    private void rules(String yaml) {
        RuleParser.Result r = RuleParser.parse(yaml, "logs.rules.yml");
        assertEquals(List.of(), r.errors());
        t = new Timeline(new RuleSet(r.rules()), T0);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private void line(double seconds, String line, String... labels) {
        t.log(new LogRecord(Labels.of(labels), T0.toEpochMilli() + (long) (seconds * 1000), 0, line, Map.of()));
    }

    private void until(int seconds) {
        t.advanceTo(T0.plusSeconds(seconds).plusMillis(200));
    }

    @Test
    void countsLinesOfTheSelectedStreamsThatContainTheText() {
        rules("""
                groups:
                  - name: auth
                    rules:
                      - alert: AuthFailures
                        logs: '{app="api", env=~"prod|staging"}'
                        line: 'authentication failed'
                        aggregate: count
                        window: 1m
                        by: [env]
                        condition: '>= 3'
                        annotations: {summary: '{{ $value }} failed logins in {{ $labels.env }}'}
                """);
        for (int i = 0; i < 3; i++) {
            line(i, "authentication failed for bob", "app", "api", "env", "prod");
            line(i, "authentication failed for eve", "app", "api", "env", "dev"); // stream not selected
            line(i, "login ok for alice", "app", "api", "env", "staging"); // line not matching
            line(i, "authentication failed for joe", "app", "web", "env", "staging"); // other app
        }
        until(3);
        List<Alert> out = t.alerts();
        assertEquals(1, out.size(), out.toString());
        assertEquals(AlertState.FIRING, out.get(0).state());
        assertEquals("prod", out.get(0).labels().get("env"));
        assertEquals("3 failed logins in prod", out.get(0).annotations().get("summary"));
    }

    @Test
    void aRegexLineFilterAndARateOfLines() {
        rules("""
                groups:
                  - name: app
                    rules:
                      - alert: Panics
                        logs: '{app="worker"}'
                        line_regex: 'panic|fatal error: \\w+'
                        aggregate: rate
                        window: 10s
                        condition: '> 0.5'
                """);
        for (int i = 0; i < 4; i++) {
            line(i, "fatal error: oom", "app", "worker");
            line(i, "all good", "app", "worker");
        }
        until(4);
        assertEquals(List.of(), t.alerts(), "4 lines in 10 s is 0.4/s");
        line(5, "goroutine 1 panic", "app", "worker");
        line(5.5, "fatal error: disk", "app", "worker");
        until(6);
        List<Alert> out = t.alerts();
        assertEquals(1, out.size(), out.toString());
        assertEquals(0.6, out.get(0).value(), 1e-9);
    }

    @Test
    void aSpikeIsMeasuredAgainstTheBaselineBeforeTheWindow() {
        rules("""
                groups:
                  - name: auth
                    rules:
                      - alert: AuthFailureSpike
                        logs: '{app="api"}'
                        line: 'authentication failed'
                        aggregate: spike
                        window: 1m
                        baseline: 10m
                        condition: '> 5'
                """);
        // a steady trickle: one failure every 30 s (2 a minute), watched for window + baseline
        for (int s = 0; s < 660; s += 30) {
            line(s, "authentication failed", "app", "api");
        }
        until(660);
        assertEquals(List.of(), t.alerts(), "a steady rate is no spike, nor is the start before a baseline exists");
        // 20 in the next minute: ten times the usual
        for (int i = 0; i < 20; i++) {
            line(660 + i * 2.5, "authentication failed", "app", "api");
        }
        until(720);
        List<Alert> out = t.alerts();
        assertEquals(AlertState.FIRING, out.get(0).state(), out.toString());
        assertTrue(out.get(0).value() > 5, out.toString());
    }
}
