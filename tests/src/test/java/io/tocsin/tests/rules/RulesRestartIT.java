package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.tests.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules service stops while an alert is pending and comes back on a new, empty local state
 * directory, so its state can only come from the changelog on the broker. The pending clock must
 * resume: the alert fires with the original startsAt, {@code for} after the first breach, not
 * {@code for} after the restart.
 */
@ExtendWith(KafkaBroker.class)
class RulesRestartIT {
    private static final String RULES = """
            groups:
              - name: restart-it
                rules:
                  - alert: ItRestartHot
                    select: 'it_restart_temp'
                    aggregate: max
                    window: 5s
                    condition: '> 50'
                    for: 20s
            """;

    @Test
    void aPendingClockSurvivesARestartOnEmptyLocalState() throws Exception {
        try (RulesHarness h = new RulesHarness(RULES)) {
            h.startRules("state-1");
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread breach = new Thread(() -> {
                while (sending.get()) {
                    h.send("it_restart_temp", SampleKind.GAUGE, 60);
                    h.flush();
                    RulesHarness.sleep(250);
                }
            });
            breach.start();
            try {
                Alert pending = h.await(
                        Duration.ofSeconds(30), "pending", a -> isRestartHot(a) && a.state() == AlertState.PENDING);
                RulesHarness.sleep(6000);
                h.stopRules();
                h.startRules("state-2");
                long restarted = System.currentTimeMillis();

                Alert firing = h.await(
                        Duration.ofSeconds(40),
                        "firing after the restart",
                        a -> isRestartHot(a) && a.state() == AlertState.FIRING);
                long firingSeen = System.currentTimeMillis();
                assertEquals(
                        pending.startsAt().toString(),
                        firing.annotations().get(RulesTopology.PENDING_SINCE),
                        "the pending clock resumed from the first breach");
                assertTrue(
                        firingSeen - restarted < 18_000,
                        "fired " + (firingSeen - restarted)
                                + " ms after the restart: a restarted clock would need 20 s");
                assertTrue(
                        pending.startsAt().toEpochMilli() + 20_000
                                <= firing.startsAt().toEpochMilli(),
                        "never before for has passed");
                List<Alert> pendings = h.alerts("ItRestartHot").stream()
                        .filter(a -> a.state() == AlertState.PENDING)
                        .toList();
                assertEquals(1, pendings.size(), "no second pending: " + pendings);
            } finally {
                sending.set(false);
                breach.join(5000);
            }
        }
    }

    private static final String COUNTER_RULES = """
            groups:
              - name: restart-counter-it
                rules:
                  - alert: ItRestartJobs
                    select: 'it_restart_jobs_total'
                    aggregate: increase
                    window: 5m
                    condition: '>= 50'
            """;

    /**
     * A counter's last value is state too: after a restart on empty local state the next sample's
     * increase is taken from the value before the restart. Lost, the first increase after the
     * restart would be dropped; stale, part of it would be counted twice.
     */
    @Test
    void aCountersLastValueSurvivesARestartSoNoIncreaseIsLostOrCountedTwice() throws Exception {
        try (RulesHarness h = new RulesHarness(COUNTER_RULES)) {
            h.startRules("state-1");
            for (double total : new double[] {0, 10, 20, 30}) {
                h.send("it_restart_jobs_total", SampleKind.COUNTER, total);
                h.flush();
                RulesHarness.sleep(300);
            }
            RulesHarness.sleep(2000); // committed, with the counter's last value
            h.stopRules();
            h.startRules("state-2");

            h.send("it_restart_jobs_total", SampleKind.COUNTER, 40);
            h.flush();
            RulesHarness.sleep(4000);
            assertEquals(List.of(), h.alerts("ItRestartJobs"), "an increase of 40 is under 50");
            h.send("it_restart_jobs_total", SampleKind.COUNTER, 50);
            h.flush();
            Alert firing = h.await(
                    Duration.ofSeconds(30),
                    "firing at an increase of 50",
                    a -> "ItRestartJobs".equals(a.labels().get("alertname")) && a.state() == AlertState.FIRING);
            assertEquals(50.0, firing.value(), "every increase counted once, across the restart");
        }
    }

    private static boolean isRestartHot(Alert a) {
        return "ItRestartHot".equals(a.labels().get("alertname"));
    }
}
