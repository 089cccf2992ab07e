package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Every rule kind through the real topology, as timelines: samples at event times, the wall clock driven. */
class RuleKindsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private Timeline t;

    private void rules(String yaml) {
        rules(yaml, TopologySettings.DEFAULTS.withIdleAfter(Duration.ZERO));
    }

    /** With a short resend interval, the last alert published carries the current value. */
    private void rules(String yaml, TopologySettings settings) {
        RuleParser.Result r = RuleParser.parse(yaml, "test.rules.yml");
        assertEquals(List.of(), r.errors());
        t = new Timeline(new RuleSet(r.rules()), T0, settings);
    }

    private static final TopologySettings RESEND_5S = new TopologySettings(
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5))
            .withIdleAfter(Duration.ZERO);

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private void at(int seconds, String name, SampleKind kind, double value, String... labels) {
        t.sample(new Sample(
                name, Labels.of(labels), value, T0.plusSeconds(seconds).toEpochMilli(), kind));
    }

    private void until(int seconds) {
        t.advanceTo(T0.plusSeconds(seconds).plusMillis(200));
    }

    private List<AlertState> states() {
        return t.alerts().stream().map(Alert::state).toList();
    }

    @Test
    void errorRateIsTheRatioOfTwoCounterRatesAndSurvivesACounterReset() {
        rules("""
                groups:
                  - name: web
                    rules:
                      - alert: HighErrorRate
                        select: 'http_requests_total{status=~"5.."}'
                        over: 'http_requests_total'
                        aggregate: rate
                        window: 1m
                        by: [service]
                        condition: '> 0.05'
                        annotations: {summary: '{{ $labels.service }} errors {{ $value | humanizePercentage }}'}
                """, RESEND_5S);
        // 100 requests/10 s, 1 error/10 s: 1 %
        for (int s = 0; s <= 60; s += 10) {
            at(s, "http_requests_total", SampleKind.COUNTER, 100 * s / 10, "service", "api", "status", "200");
            at(s, "http_requests_total", SampleKind.COUNTER, s / 10, "service", "api", "status", "500");
        }
        until(60);
        assertEquals(List.of(), states(), "1% stays under 5%");
        // the process restarts (counters reset to small values) and errors jump: 30 per 10 s over 100
        int ok = 0;
        int err = 0;
        for (int s = 70; s <= 130; s += 10) {
            ok += 70;
            err += 30;
            at(s, "http_requests_total", SampleKind.COUNTER, ok, "service", "api", "status", "200");
            at(s, "http_requests_total", SampleKind.COUNTER, err, "service", "api", "status", "500");
        }
        until(136); // past one more 5 s resend, with only samples 80..130 in the window
        List<Alert> out = t.alerts();
        assertEquals(AlertState.FIRING, out.get(0).state(), out.toString());
        // once only the new process' samples are in the window: exactly 30 %
        Alert last = out.get(out.size() - 1);
        assertEquals(0.3, last.value(), 1e-9, "a reset counts the new value as the increase, never a negative one");
        assertTrue(out.stream().allMatch(a -> a.state() == AlertState.FIRING), out.toString());
    }

    @Test
    void p95FromHistogramBucketsFiresWhenTheTailSlows() {
        rules("""
                groups:
                  - name: web
                    rules:
                      - alert: SlowRequests
                        select: 'http_request_duration_seconds_bucket'
                        aggregate: histogram_quantile(0.95)
                        window: 1m
                        condition: '> 1'
                        annotations: {summary: 'p95 is {{ $value }}s'}
                """, RESEND_5S);
        String[] les = {"0.25", "0.5", "1", "2.5", "+Inf"};
        double[] fast = {90, 98, 100, 100, 100}; // per 10 s: p95 rank 95 in (0.25, 0.5]
        double[] slow = {10, 20, 50, 100, 100}; // per 10 s: p95 rank 95 in (1, 2.5]
        double[] cum = new double[les.length];
        for (int s = 0; s <= 60; s += 10) {
            for (int i = 0; i < les.length; i++) {
                at(s, "http_request_duration_seconds_bucket", SampleKind.HISTOGRAM_BUCKET, cum[i], "le", les[i]);
                cum[i] += fast[i];
            }
        }
        until(61);
        assertEquals(List.of(), states());
        for (int s = 70; s <= 140; s += 10) {
            for (int i = 0; i < les.length; i++) {
                cum[i] += slow[i];
                at(s, "http_request_duration_seconds_bucket", SampleKind.HISTOGRAM_BUCKET, cum[i], "le", les[i]);
            }
        }
        until(140);
        List<Alert> out = t.alerts();
        assertEquals(AlertState.FIRING, out.get(0).state(), out.toString());
        // window (80..140] holds 6 slow increments: 60 obs ≤1, 600 total → rank 570 in (1, 2.5]: 1 + 1.5 *
        // (570-300)/300
        Alert last = out.get(out.size() - 1);
        assertEquals(2.35, last.value(), 1e-9);
    }

    @Test
    void aGroupThatStopsReportingFiresItsAbsenceRule() {
        rules("""
                groups:
                  - name: db
                    rules:
                      - alert: DatabaseSilent
                        select: 'pg_up'
                        aggregate: absent
                        window: 30s
                        by: [instance]
                        for: 10s
                """);
        for (int s = 0; s <= 20; s += 5) {
            at(s, "pg_up", SampleKind.GAUGE, 1, "instance", "db-1");
            at(s, "pg_up", SampleKind.GAUGE, 1, "instance", "db-2");
        }
        for (int s = 25; s <= 90; s += 5) {
            at(s, "pg_up", SampleKind.GAUGE, 1, "instance", "db-2");
        }
        List<Alert> out = t.alerts();
        // db-1's last sample at 20 s leaves the 30 s window after 50 s: pending, then firing 10 s later
        assertEquals(
                List.of(AlertState.PENDING, AlertState.FIRING),
                out.stream().map(Alert::state).toList(),
                out.toString());
        assertTrue(out.stream().allMatch(a -> a.labels().get("instance").equals("db-1")));
        assertTrue(out.get(0).startsAt().isAfter(T0.plusSeconds(50))
                && out.get(0).startsAt().isBefore(T0.plusSeconds(52)));
        at(95, "pg_up", SampleKind.GAUGE, 1, "instance", "db-1");
        until(96);
        assertEquals(List.of(AlertState.RESOLVED), states(), "the first new sample resolves it");
    }

    @Test
    void aSelectionThatNeverReportsFiresOnceAWholeWindowWasWatched() {
        rules("""
                groups:
                  - name: jobs
                    rules:
                      - alert: BackupNeverCheckedIn
                        select: 'backup_success_timestamp{job="nightly"}'
                        aggregate: absent
                        window: 1m
                """);
        until(59);
        assertEquals(List.of(), states(), "not judged before a whole window was watched");
        until(62);
        List<Alert> out = t.alerts();
        assertEquals(List.of(AlertState.FIRING), out.stream().map(Alert::state).toList());
        assertEquals(Labels.of("alertname", "BackupNeverCheckedIn"), out.get(0).labels());
        at(63, "backup_success_timestamp", SampleKind.GAUGE, 1, "job", "nightly");
        until(64);
        assertEquals(List.of(AlertState.RESOLVED), states());
    }

    @Test
    void hysteresisKeepsAFiringAlertUntilTheResolveThreshold() {
        rules("""
                groups:
                  - name: disk
                    rules:
                      - alert: DiskBusy
                        select: 'disk_busy_ratio'
                        aggregate: last
                        window: 30s
                        condition: '> 0.9'
                        resolve: '< 0.7'
                """);
        at(0, "disk_busy_ratio", SampleKind.GAUGE, 0.95);
        at(5, "disk_busy_ratio", SampleKind.GAUGE, 0.85);
        at(10, "disk_busy_ratio", SampleKind.GAUGE, 0.92);
        at(15, "disk_busy_ratio", SampleKind.GAUGE, 0.75);
        until(16);
        assertEquals(List.of(AlertState.FIRING), states(), "no flapping between 0.7 and 0.9");
        at(20, "disk_busy_ratio", SampleKind.GAUGE, 0.65);
        until(21);
        assertEquals(List.of(AlertState.RESOLVED), states());
    }

    @Test
    void keepFiringForBridgesAShortDip() {
        rules("""
                groups:
                  - name: q
                    rules:
                      - alert: Backlog
                        select: 'celery_queue_length'
                        aggregate: last
                        window: 30s
                        condition: '> 100'
                        keep_firing_for: 20s
                """);
        at(0, "celery_queue_length", SampleKind.GAUGE, 150);
        at(5, "celery_queue_length", SampleKind.GAUGE, 50);
        at(20, "celery_queue_length", SampleKind.GAUGE, 150);
        at(25, "celery_queue_length", SampleKind.GAUGE, 50);
        until(44);
        assertEquals(List.of(AlertState.FIRING), states(), "dips shorter than 20 s keep it firing");
        until(46);
        assertEquals(List.of(AlertState.RESOLVED), states());
    }

    @Test
    void missingDataPolicies() {
        String base = """
                groups:
                  - name: app
                    rules:
                      - alert: Hot
                        select: 'temp'
                        aggregate: max
                        window: 10s
                        condition: '> 50'
                """;
        for (String[] c : new String[][] {
            {"resolve", "RESOLVED"},
            {"keep", ""},
            {"alert", ""}
        }) {
            rules(base + "        missing: " + c[0] + "\n");
            at(0, "temp", SampleKind.GAUGE, 60);
            until(1);
            assertEquals(List.of(AlertState.FIRING), states(), c[0]);
            until(30);
            List<AlertState> expected = c[1].isEmpty() ? List.of() : List.of(AlertState.valueOf(c[1]));
            assertEquals(expected, states(), "missing: " + c[0]);
            t.close();
        }
        t = null;
        rules(base + "        missing: alert\n");
        at(0, "temp", SampleKind.GAUGE, 10);
        until(12);
        assertEquals(List.of(AlertState.FIRING), states(), "missing: alert turns silence into a breach");
    }

    @Test
    void predictLinearWarnsBeforeTheDiskIsFull() {
        rules("""
                groups:
                  - name: disk
                    rules:
                      - alert: DiskFullIn4h
                        select: 'node_filesystem_avail_bytes'
                        aggregate: predict_linear(4h)
                        window: 10m
                        by: [mount]
                        condition: '< 0'
                """);
        // losing 1 MB/s from 20 GB: empty in about 5.5 h, not yet alarming
        for (int s = 0; s <= 600; s += 30) {
            at(s, "node_filesystem_avail_bytes", SampleKind.GAUGE, 20e9 - s * 1e6, "mount", "/");
        }
        assertEquals(List.of(), states());
        // now 2 MB/s: empty in under 3 h
        for (int s = 630; s <= 1200; s += 30) {
            at(s, "node_filesystem_avail_bytes", SampleKind.GAUGE, 19.4e9 - (s - 600) * 2e6, "mount", "/");
        }
        List<AlertState> fired = states();
        assertTrue(!fired.isEmpty() && fired.stream().allMatch(AlertState.FIRING::equals), fired.toString());
    }

    @Test
    void quantileOfRawValuesAndDeltaAndIncrease() {
        rules("""
                groups:
                  - name: mix
                    rules:
                      - alert: SlowJobs
                        select: 'job_seconds'
                        aggregate: quantile(0.9)
                        window: 1m
                        condition: '> 89'
                      - alert: TempRising
                        select: 'temp'
                        aggregate: delta
                        window: 1m
                        condition: '> 5'
                      - alert: ManyErrors
                        select: 'errors_total'
                        aggregate: increase
                        window: 1m
                        condition: '>= 10'
                """);
        for (int i = 1; i <= 100; i++) {
            at(1, "job_seconds", SampleKind.GAUGE, i); // every sample is evaluated: p90 passes 89 only near the end
        }
        at(1, "temp", SampleKind.GAUGE, 20);
        at(20, "temp", SampleKind.GAUGE, 27);
        at(2, "errors_total", SampleKind.COUNTER, 100);
        at(10, "errors_total", SampleKind.COUNTER, 105);
        at(20, "errors_total", SampleKind.COUNTER, 3); // reset: +3
        at(25, "errors_total", SampleKind.COUNTER, 5);
        until(26);
        List<Alert> out = t.alerts();
        assertEquals(3, out.size(), out.toString());
        for (Alert a : out) {
            switch (a.labels().get("alertname")) {
                case "SlowJobs" -> assertEquals(90, a.value(), 1.0);
                case "TempRising" -> assertEquals(7, a.value(), 1e-9);
                case "ManyErrors" -> assertEquals(10, a.value(), 1e-9); // 5 + 3 + 2
                default -> throw new AssertionError(a);
            }
        }
    }

    @Test
    void aRuleStopsOpeningGroupsAtItsCap() {
        rules("""
                groups:
                  - name: app
                    rules:
                      - alert: Hot
                        select: 'temp'
                        aggregate: max
                        window: 10s
                        by: [host]
                        condition: '> 50'
                        max_groups: 3
                """);
        for (int h = 0; h < 10; h++) {
            at(1, "temp", SampleKind.GAUGE, 60, "host", "h" + h);
        }
        until(2);
        assertEquals(3, t.alerts().size());
    }

    @Test
    void theClockOfForIsTheWallClockNotNewData() {
        rules("""
                groups:
                  - name: app
                    rules:
                      - alert: Hot
                        select: 'temp'
                        aggregate: max
                        window: 5m
                        condition: '> 50'
                        for: 1m
                """);
        at(0, "temp", SampleKind.GAUGE, 60);
        until(0);
        assertEquals(List.of(AlertState.PENDING), states());
        t.advance(Duration.ofSeconds(59));
        assertEquals(List.of(), states(), "for counts from the first breach, on the wall clock");
        t.advance(Duration.ofSeconds(2));
        assertEquals(List.of(AlertState.FIRING), states());
    }
}
