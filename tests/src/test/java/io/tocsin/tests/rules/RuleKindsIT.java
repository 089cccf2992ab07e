package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.tests.KafkaBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules people bring, end to end through the real broker: samples produced to
 * tocsin.samples.v1, the rules service's two stages and repartition topic, and the alert state
 * changes read back committed from tocsin.alerts.v1. Windows are seconds long so this runs fast.
 */
@ExtendWith(KafkaBroker.class)
class RuleKindsIT {
    private static final String RULES = """
            groups:
              - name: kinds-it
                rules:
                  - alert: ItHighErrorRate
                    select: 'it_http_requests_total{status=~"5.."}'
                    over: 'it_http_requests_total'
                    aggregate: rate
                    window: 5s
                    by: [service]
                    condition: '> 0.05'
                    resolve: '< 0.02'
                    labels: {severity: critical}
                    annotations: {summary: '{{ $labels.service }}: {{ $value | humanizePercentage }} errors'}
                  - alert: ItSlowP95
                    select: 'it_request_duration_seconds_bucket'
                    aggregate: histogram_quantile(0.95)
                    window: 5s
                    by: [service]
                    condition: '> 1'
                  - alert: ItDatabaseSilent
                    select: 'it_pg_up'
                    aggregate: absent
                    window: 3s
                    by: [instance]
                  - alert: ItReplicationLagHigh
                    select: 'it_pg_replication_lag_seconds'
                    aggregate: max
                    window: 5s
                    by: [replica]
                    condition: '> 30'
                  - alert: ItAuthFailureSpike
                    logs: '{app="it-api"}'
                    line: 'authentication failed'
                    aggregate: spike
                    window: 2s
                    baseline: 6s
                    condition: '> 4'
            """;
    private static RulesHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new RulesHarness(RULES);
        h.startRules("state");
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void errorRateFiresForTheServiceAboveOnePercentOnly() {
        double[] c = new double[3]; // api ok, api errors, web ok
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Alert fired = null;
        while (fired == null && System.nanoTime() < deadline) {
            sendRequests(c);
            fired = h.alerts("ItHighErrorRate").stream()
                    .filter(a -> a.state() == AlertState.FIRING)
                    .findFirst()
                    .orElse(null);
        }
        // Keep the traffic up past a 2 s resend: the republished alert carries the settled rate.
        for (int i = 0; i < 20; i++) {
            sendRequests(c);
        }
        List<Alert> firing = h.alerts("ItHighErrorRate").stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .toList();
        fired = firing.isEmpty() ? null : firing.get(firing.size() - 1);
        assertTrue(fired != null, "api's error rate fires; saw " + h.alerts("ItHighErrorRate"));
        assertEquals("api", fired.labels().get("service"));
        assertEquals("critical", fired.labels().get("severity"));
        assertEquals(0.2, fired.value(), 1e-9, "5xx over all requests: " + firing);
        assertEquals("api: 20% errors", fired.annotations().get("summary"));
        assertTrue(h.alerts("ItHighErrorRate").stream()
                .noneMatch(a -> "web".equals(a.labels().get("service"))));
    }

    @Test
    void p95FromHistogramBucketsFiresForTheSlowServiceWithPrometheusInterpolation() {
        String[] les = {"0.1", "0.5", "1", "2", "+Inf"};
        double[] slowStep = {10, 30, 60, 100, 100};
        double[] fastStep = {90, 99, 100, 100, 100};
        double[] slow = new double[les.length];
        double[] fast = new double[les.length];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Alert fired = null;
        while (fired == null && System.nanoTime() < deadline) {
            for (int i = 0; i < les.length; i++) {
                slow[i] += slowStep[i];
                fast[i] += fastStep[i];
                h.send(
                        "it_request_duration_seconds_bucket",
                        SampleKind.HISTOGRAM_BUCKET,
                        slow[i],
                        "service",
                        "checkout",
                        "le",
                        les[i]);
                h.send(
                        "it_request_duration_seconds_bucket",
                        SampleKind.HISTOGRAM_BUCKET,
                        fast[i],
                        "service",
                        "search",
                        "le",
                        les[i]);
            }
            h.flush();
            RulesHarness.sleep(200);
            fired = h.alerts("ItSlowP95").stream()
                    .filter(a -> a.state() == AlertState.FIRING)
                    .findFirst()
                    .orElse(null);
        }
        assertTrue(fired != null, "checkout's p95 fires; saw " + h.alerts("ItSlowP95"));
        assertEquals("checkout", fired.labels().get("service"));
        // rank 95 of every 100 falls in (1, 2] holding 40: 1 + (95 - 60) / 40
        assertEquals(1.875, fired.value(), 1e-9);
        assertTrue(
                h.alerts("ItSlowP95").stream()
                        .noneMatch(a -> "search".equals(a.labels().get("service"))),
                "search's p95 is 0.1 + 0.4 * 5/9 = 0.32 s");
    }

    @Test
    void aDatabaseThatStopsReportingFiresWithinItsWindow() {
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long lastDb1 = 0; // db-1's last sample time: its window empties 3 s after it, not after the loop's sleep
        while (System.nanoTime() < until) {
            h.send("it_pg_up", SampleKind.GAUGE, 1, "instance", "db-1");
            lastDb1 = System.currentTimeMillis();
            h.send("it_pg_up", SampleKind.GAUGE, 1, "instance", "db-2");
            h.flush();
            RulesHarness.sleep(200);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Alert fired = null;
        while (fired == null && System.nanoTime() < deadline) {
            h.send("it_pg_up", SampleKind.GAUGE, 1, "instance", "db-2");
            h.flush();
            RulesHarness.sleep(200);
            fired = h.alerts("ItDatabaseSilent").stream()
                    .filter(a -> a.state() == AlertState.FIRING)
                    .findFirst()
                    .orElse(null);
        }
        assertTrue(fired != null, "db-1 silent fires; saw " + h.alerts("ItDatabaseSilent"));
        assertEquals("db-1", fired.labels().get("instance"));
        long after = fired.startsAt().toEpochMilli() - lastDb1;
        assertTrue(
                after >= 3000 - 250 && after < 6000, "fires when the 3 s window empties, not before: " + after + " ms");
        assertTrue(h.alerts("ItDatabaseSilent").stream()
                .noneMatch(a -> "db-2".equals(a.labels().get("instance"))));
    }

    @Test
    void replicationLagAboveThirtySecondsFires() {
        h.send("it_pg_replication_lag_seconds", SampleKind.GAUGE, 2, "replica", "pg-1");
        h.send("it_pg_replication_lag_seconds", SampleKind.GAUGE, 45, "replica", "pg-2");
        h.flush();
        Alert fired = h.await(
                Duration.ofSeconds(30),
                "pg-2's lag alert",
                a -> "ItReplicationLagHigh".equals(a.labels().get("alertname")) && a.state() == AlertState.FIRING);
        assertEquals("pg-2", fired.labels().get("replica"));
        assertEquals(45, fired.value());
        Alert resolved = h.await(
                Duration.ofSeconds(30),
                "its resolve once the window is empty",
                a -> "ItReplicationLagHigh".equals(a.labels().get("alertname")) && a.state() == AlertState.RESOLVED);
        assertEquals(fired.fingerprint(), resolved.fingerprint());
        assertTrue(h.alerts("ItReplicationLagHigh").stream()
                .noneMatch(a -> "pg-1".equals(a.labels().get("replica"))));
    }

    @Test
    void aBurstOfAuthenticationFailuresInTheLogsFiresAsASpike() {
        // the usual: one failure a second (and other lines), for longer than window + baseline
        long until = System.nanoTime() + Duration.ofSeconds(9).toNanos();
        while (System.nanoTime() < until) {
            h.sendLog("authentication failed for user bob", "app", "it-api");
            h.sendLog("GET /health 200", "app", "it-api");
            h.flush();
            RulesHarness.sleep(1000);
        }
        assertTrue(
                h.alerts("ItAuthFailureSpike").isEmpty(),
                "a steady rate is no spike: " + h.alerts("ItAuthFailureSpike"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Alert fired = null;
        while (fired == null && System.nanoTime() < deadline) {
            for (int i = 0; i < 3; i++) {
                h.sendLog("authentication failed for user root", "app", "it-api");
            }
            h.flush();
            RulesHarness.sleep(200);
            fired = h.alerts("ItAuthFailureSpike").stream()
                    .filter(a -> a.state() == AlertState.FIRING)
                    .findFirst()
                    .orElse(null);
        }
        assertTrue(fired != null, "15 a second against 1 a second fires; saw " + h.alerts("ItAuthFailureSpike"));
        assertTrue(fired.value() > 4, fired.toString());
    }

    /** One round of api (20 % failing) and web (a 5xx series that never moves) counters, then 200 ms. */
    private static void sendRequests(double[] c) {
        c[0] += 8;
        c[1] += 2;
        c[2] += 10;
        h.send("it_http_requests_total", SampleKind.COUNTER, c[0], "service", "api", "status", "200");
        h.send("it_http_requests_total", SampleKind.COUNTER, c[1], "service", "api", "status", "503");
        h.send("it_http_requests_total", SampleKind.COUNTER, c[2], "service", "web", "status", "200");
        h.send("it_http_requests_total", SampleKind.COUNTER, 7, "service", "web", "status", "500");
        h.flush();
        RulesHarness.sleep(200);
    }
}
