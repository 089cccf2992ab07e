package io.tocsin.tests.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.tests.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A breach held only while the rules service was down, in a window shorter than the outage: the
 * samples are posted with their own times while it is down, and read as a backlog when it starts
 * again. The judgement time jumps from where it was before the stop to the end of the backlog;
 * judged only there, the 5 s window no longer holds the breach and nothing fires (main before
 * session 17: no FIRING). An evaluation every second over the same samples (Prometheus) fires and
 * resolves it; so must Tocsin, at the breach's own times, as one episode.
 */
@ExtendWith(KafkaBroker.class)
class JumpedBacklogIT {
    private static final String RULES = """
            groups:
              - name: jump-it
                rules:
                  - alert: ItJumpHot
                    select: 'it_jump_temp'
                    aggregate: max
                    window: 5s
                    condition: '> 50'
            """;

    private volatile long hotFrom = Long.MAX_VALUE;
    private volatile long hotTo = Long.MAX_VALUE;
    /** When the sender sent its first hot sample: the breach as the data has it. */
    private volatile long firstHotSent = Long.MAX_VALUE;

    @Test
    void aBreachInsideAnOutageFiresAndResolvesAtItsOwnTimesAfterTheRestart() throws Exception {
        try (RulesHarness h = new RulesHarness(RULES)) {
            h.startRules("state-1");
            AtomicBoolean sending = new AtomicBoolean(true);
            // one sample every 500 ms, stamped with its time, to one partition (the others idle)
            Thread sender = new Thread(() -> {
                while (sending.get()) {
                    long now = System.currentTimeMillis();
                    boolean hot = now >= hotFrom && now < hotTo;
                    if (hot && firstHotSent == Long.MAX_VALUE) {
                        firstHotSent = now;
                    }
                    h.sendAt(0, now, "it_jump_temp", SampleKind.GAUGE, hot ? 60 : 20);
                    h.flush();
                    RulesHarness.sleep(500);
                }
            });
            sender.start();
            try {
                RulesHarness.sleep(10_000); // judged, committed: where its input stands is written
                assertEquals(List.of(), h.alerts("ItJumpHot"), "cool before the stop");
                h.stopRules();
                long stopped = System.currentTimeMillis();
                hotFrom = stopped + 6_000;
                hotTo = hotFrom + 2_000;
                RulesHarness.sleep(stopped + 20_000 - System.currentTimeMillis());
                long restarting = System.currentTimeMillis();
                h.startRules("state-1");

                Alert firing = h.await(
                        Duration.ofSeconds(40),
                        "the breach inside the outage fired",
                        a -> isJumpHot(a) && a.state() == AlertState.FIRING);
                Alert resolved = h.await(
                        Duration.ofSeconds(40), "and resolved", a -> isJumpHot(a) && a.state() == AlertState.RESOLVED);
                long firstHot = firing.startsAt().toEpochMilli();
                System.out.printf(
                        "breach %d..%d ms after the stop (first hot sample at %d ms), restart at %d ms: FIRING"
                                + " startsAt %+d ms after the first hot sample, RESOLVED endsAt %+d ms after its end%n",
                        hotFrom - stopped,
                        hotTo - stopped,
                        firstHotSent - stopped,
                        restarting - stopped,
                        firstHot - firstHotSent,
                        resolved.endsAt().toEpochMilli() - hotTo);
                // startsAt is the first judgement edge after the first hot sample, as Prometheus stamps
                // its next evaluation; measured from the sample as sent, since on a loaded machine the
                // sender's 500 ms loop can send it a second after hotFrom (a CI run: +1,007 ms).
                assertTrue(
                        firstHot >= hotFrom && firstHot < firstHotSent + 1_000,
                        "startsAt within a second of the first hot sample: " + (firstHot - firstHotSent)
                                + " ms after it was sent");
                long end = resolved.endsAt().toEpochMilli();
                assertTrue(
                        end >= hotTo + 3_500 && end <= hotTo + 6_500,
                        "resolved when the last hot sample left the 5 s window: " + (end - hotTo)
                                + " ms after the breach ended (the restart was " + (restarting - hotTo) + " ms after)");
                assertEquals(firing.startsAt(), resolved.startsAt(), "the episode that fired ends");
                RulesHarness.sleep(3_000);
                List<Alert> seen = h.alerts("ItJumpHot");
                // a firing alert is published again every resend interval (2 s here), as Prometheus does
                assertEquals(
                        List.of(firing.startsAt()),
                        seen.stream().map(Alert::startsAt).distinct().toList(),
                        "one episode: " + seen);
                assertEquals(
                        1,
                        seen.stream()
                                .filter(a -> a.state() == AlertState.RESOLVED)
                                .count(),
                        "resolved once: " + seen);
                assertEquals(AlertState.RESOLVED, seen.get(seen.size() - 1).state(), "and stays resolved: " + seen);
            } finally {
                sending.set(false);
                sender.join(5000);
            }
        }
    }

    private static boolean isJumpHot(Alert a) {
        return "ItJumpHot".equals(a.labels().get("alertname"));
    }
}
