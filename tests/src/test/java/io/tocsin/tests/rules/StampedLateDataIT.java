package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.RunsAlone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LateDataIT}'s cases for windows judged by push arrival (issue 20): every push is
 * stamped as ingest stamps it, and each ratio's two sides live on two partitions, so a window
 * holding half a push reads 1.0 (5xx without requests) or 0 (requests without 5xx). Instance
 * "calm" has 0.2 % errors and must never alert; instance "hot" has 5 % and must fire once and
 * never resolve while it stays hot: any RESOLVED, any second startsAt, any alert of "calm" is false.
 * Cases: a push per second; "hot" sent in 5 s batches (remote-write's deadline); "hot" stalled for
 * 6 s then its backlog in one push; the rules service down for 20 s and its backlog replayed.
 */
@ExtendWith(KafkaBroker.class)
@RunsAlone
class StampedLateDataIT {
    private static final String RULES = """
            groups:
              - name: stamped-it
                rules:
                  - alert: StampedRatio
                    select: 'st_requests_total{code="500"}'
                    over: 'st_requests_total'
                    aggregate: rate
                    window: 20s
                    by: [instance]
                    condition: '> 0.01'
            """;

    private static final long S = 1000;

    /** Cumulative counters per instance: 5xx on one partition, 200s on another. */
    private static final class Counters {
        final String instance;
        final int errorsPartition;
        final int okPartition;
        final double errorsPerSecond;
        double errors;
        double ok;

        Counters(String instance, int errorsPartition, int okPartition, double errorsPerSecond) {
            this.instance = instance;
            this.errorsPartition = errorsPartition;
            this.okPartition = okPartition;
            this.errorsPerSecond = errorsPerSecond;
        }

        void tick(List<RulesHarness.Placed> push, long ts) {
            errors += errorsPerSecond;
            ok += 200 - errorsPerSecond;
            push.add(new RulesHarness.Placed(errorsPartition, sample("500", errors, ts)));
            push.add(new RulesHarness.Placed(okPartition, sample("200", ok, ts)));
        }

        private Sample sample(String code, double value, long ts) {
            return new Sample(
                    "st_requests_total", Labels.of("instance", instance, "code", code), value, ts, SampleKind.COUNTER);
        }
    }

    @Test
    void stampedPushesBatchedStalledAndReplayedNeverPutHalfAPushInAWindow() throws Exception {
        Counters calm = new Counters("calm", 0, 1, 0.4);
        Counters hot = new Counters("hot", 2, 3, 10);
        try (RulesHarness h = new RulesHarness(RULES, RulesHarness.FAST.withIdleAfter(TopologySettings.IDLE_AFTER))) {
            h.startRules("state-1");
            long t = System.currentTimeMillis();
            // 1. calm pushed every second as taken; hot in 5 s batches: 30 s
            for (int i = 0; i < 30; i++) {
                long now = t + i * S;
                List<RulesHarness.Placed> push = new ArrayList<>();
                calm.tick(push, now);
                h.sendPush(push);
                if (i % 5 == 4) {
                    List<RulesHarness.Placed> batch = new ArrayList<>();
                    for (int j = 4; j >= 0; j--) {
                        hot.tick(batch, now - j * S);
                    }
                    h.sendPush(batch);
                }
                h.flush();
                sleepUntil(now + S);
            }
            h.await(Duration.ofSeconds(10), "hot firing", a -> isFiring(a, "hot"));
            // 2. hot stalls for 6 s, then its backlog comes in one push; calm goes on
            long stallFrom = t + 30 * S;
            for (int i = 0; i < 12; i++) {
                long now = stallFrom + i * S;
                List<RulesHarness.Placed> push = new ArrayList<>();
                calm.tick(push, now);
                if (i == 6) {
                    for (long ts = stallFrom; ts <= now; ts += S) {
                        hot.tick(push, ts);
                    }
                } else if (i > 6) {
                    hot.tick(push, now);
                }
                h.sendPush(push);
                h.flush();
                sleepUntil(now + S);
            }
            // 3. the service is down for 20 s while both go on; the backlog is replayed at its restart
            h.stopRules();
            long down = System.currentTimeMillis();
            for (int i = 0; i < 20; i++) {
                long now = down + i * S;
                List<RulesHarness.Placed> push = new ArrayList<>();
                calm.tick(push, now);
                hot.tick(push, now);
                h.sendPush(push);
                h.flush();
                sleepUntil(now + S);
            }
            // both go on every second while the service starts, and 12 s after
            CompletableFuture<Void> started = h.startRulesAsync("state-2");
            int after = 0;
            for (long now = System.currentTimeMillis(); after < 12; now += S) {
                List<RulesHarness.Placed> push = new ArrayList<>();
                calm.tick(push, now);
                hot.tick(push, now);
                h.sendPush(push);
                h.flush();
                sleepUntil(now + S);
                after += started.isDone() ? 1 : 0;
            }
            started.join();
            RulesHarness.sleep(1500);

            List<Alert> seen = h.alerts("StampedRatio");
            assertEquals(
                    List.of(),
                    seen.stream()
                            .filter(a -> "calm".equals(a.labels().get("instance")))
                            .toList(),
                    "0.2 % errors never alert");
            assertTrue(seen.stream().anyMatch(a -> isFiring(a, "hot")), "hot fired: " + seen);
            assertEquals(
                    List.of(),
                    seen.stream().filter(a -> a.state() != AlertState.FIRING).toList(),
                    "no false resolve");
            assertEquals(1, seen.stream().map(Alert::startsAt).distinct().count(), "no flap (one startsAt): " + seen);
        }
    }

    private static boolean isFiring(Alert a, String instance) {
        return "StampedRatio".equals(a.labels().get("alertname"))
                && instance.equals(a.labels().get("instance"))
                && a.state() == AlertState.FIRING;
    }

    private static void sleepUntil(long wall) {
        long d = wall - System.currentTimeMillis();
        if (d > 0) {
            RulesHarness.sleep(d);
        }
    }
}
