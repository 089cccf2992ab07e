package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.tests.Http;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.RunsAlone;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Late and replayed input through the real broker: the rules service judges a window only when
 * its data can no longer arrive. Samples are taken every second; two series, each pinned to its
 * own partition of tocsin.samples.v1, are hot for the whole test, so any RESOLVED, any second
 * FIRING with a new startsAt (a flap), or any absence is false.
 *
 * <p>Scaling: the idle timeout is the production default 10 s ({@code TOCSIN_RULES_IDLE_AFTER});
 * a stall of 6 s stands for any stall shorter than the idle timeout (the 30 s stall of the issue
 * needs {@code TOCSIN_RULES_IDLE_AFTER} above 30 s, and is the same case).
 */
@ExtendWith(KafkaBroker.class)
@RunsAlone
class LateDataIT {
    private static final String RULES = """
            groups:
              - name: late-it
                rules:
                  - alert: LateHot
                    select: 'late_temp'
                    aggregate: max
                    window: 5s
                    by: [room]
                    condition: '> 30'
                  - alert: LateQuiet
                    select: 'late_temp'
                    aggregate: absent
                    window: 4s
                    by: [room]
                  - alert: LateHotOverall
                    select: 'late_temp'
                    aggregate: avg
                    window: 5s
                    condition: '> 30'
            """;

    private static final long S = 1000;

    /** Room a lives on partition 0, room b on partition 1. */
    private static void sample(RulesHarness h, String room, long ts) {
        h.sendAt(room.equals("a") ? 0 : 1, ts, "late_temp", SampleKind.GAUGE, 40, "room", room);
    }

    @Test
    void batchedStalledAndReplayedInputCausesNoFlapNoFalseAbsenceAndNoFalseResolve() throws Exception {
        try (RulesHarness h = new RulesHarness(RULES, RulesHarness.FAST.withIdleAfter(TopologySettings.IDLE_AFTER))) {
            h.startRules("state-1");
            long t = System.currentTimeMillis();
            // 1. room a every second as it is taken; room b in 5 s batches (remote-write's deadline): 30 s
            for (int i = 0; i < 30; i++) {
                long now = t + i * S;
                sample(h, "a", now);
                if (i % 5 == 4) {
                    for (int j = 4; j >= 0; j--) {
                        sample(h, "b", now - j * S);
                    }
                }
                h.flush();
                sleepUntil(now + S);
            }
            h.await(Duration.ofSeconds(10), "both rooms firing", a -> isFiring(a, "LateHot", "b"));
            // 2. room b's partition stalls for 6 s, then its backlog comes at once; room a goes on
            long stallFrom = t + 30 * S;
            for (int i = 0; i < 12; i++) {
                long now = stallFrom + i * S;
                sample(h, "a", now);
                if (i == 6) {
                    for (long ts = stallFrom; ts <= now; ts += S) {
                        sample(h, "b", ts);
                    }
                } else if (i > 6) {
                    sample(h, "b", now);
                }
                h.flush();
                sleepUntil(now + S);
            }
            String metrics = Http.get(h.rulesUrl() + "/metrics").body();
            assertTrue(
                    metrics.contains("tocsin_rules_input_lag_seconds{rule=\"late-it/LateHot\"}")
                            && metrics.contains("tocsin_rules_waiting_windows{rule=\"late-it/LateHot\"}"),
                    "the per-rule lag is on /metrics");
            // 3. the service is down; two minutes of both rooms wait on the topic, replayed at its restart
            h.stopRules();
            long down = System.currentTimeMillis();
            for (long ts = down - 120 * S + 60 * S; ts <= down + 60 * S; ts += S) {
                sample(h, "a", ts - 60 * S);
                sample(h, "b", ts - 60 * S);
            }
            h.flush();
            // both rooms go on every second while the service starts, and 12 s after
            CompletableFuture<Void> started = h.startRulesAsync("state-2");
            int after = 0;
            for (long now = System.currentTimeMillis(); after < 12; now += S) {
                sample(h, "a", now);
                sample(h, "b", now);
                h.flush();
                sleepUntil(now + S);
                after += started.isDone() ? 1 : 0;
            }
            started.join();
            RulesHarness.sleep(1500);

            for (String alert : List.of("LateHot", "LateHotOverall")) {
                List<Alert> seen = h.alerts(alert);
                assertTrue(seen.stream().anyMatch(a -> a.state() == AlertState.FIRING), alert + " fired: " + seen);
                assertEquals(
                        List.of(),
                        seen.stream()
                                .filter(a -> a.state() != AlertState.FIRING)
                                .toList(),
                        alert + ": no false resolve");
                long startsAts = seen.stream()
                        .map(a -> a.labels().get("room") + "@" + a.startsAt())
                        .distinct()
                        .count();
                long groups = seen.stream()
                        .map(a -> a.labels().get("room"))
                        .distinct()
                        .count();
                assertEquals(groups, startsAts, alert + ": no flap (one startsAt per group): " + seen);
            }
            assertEquals(List.of(), h.alerts("LateQuiet"), "no false absence");
        }
    }

    private static boolean isFiring(Alert a, String alert, String room) {
        return alert.equals(a.labels().get("alertname"))
                && room.equals(a.labels().get("room"))
                && a.state() == AlertState.FIRING;
    }

    private static void sleepUntil(long wall) {
        long d = wall - System.currentTimeMillis();
        if (d > 0) {
            RulesHarness.sleep(d);
        }
    }
}
