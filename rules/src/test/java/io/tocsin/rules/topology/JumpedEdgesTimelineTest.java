package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A judgement time that jumps over window edges, through the real topology with stage 2 fed by
 * hand ({@link Stage2Driver}): one stage-1 source (of two; the other idle) reads one sample a second and reports its
 * progress with each; at 30 s it stalls (reads nothing, under the idle timeout, so the judgement
 * waits for it), and at 38 s its backlog of 30–37 s comes as one record followed by one progress
 * report: the judgement time jumps from 29.1 s to 37.1 s. A breach held only inside the jump, in a
 * window shorter than the jump, is judged at the edges it passed: it fires with its own startsAt
 * and resolves with its own end, as an evaluation every second over the same samples would (issue
 * 20, session 17). On main it was never judged.
 */
class JumpedEdgesTimelineTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Labels GROUP = Labels.of("room", "a");
    /**
     * The source fed by hand. The driver's own stage-1 task reads partition 0, which gets nothing
     * here: it turns idle (holds nothing back) and would say so for the partition it reads.
     */
    private static final Progress.Source SOURCE = new Progress.Source(Progress.Input.SAMPLES, 1);

    private static final TopologySettings WATERMARKS = TopologySettings.DEFAULTS
            .withInputPartitions(Map.of(Progress.Input.SAMPLES, 2))
            .withIdleAfter(Duration.ofSeconds(10));
    private Stage2Driver driver;
    private final WaitingBoard board = new WaitingBoard();
    private String input;
    private final List<Alert> published = new ArrayList<>();

    private void rules(String yaml) {
        RuleParser.Result r = RuleParser.parse(yaml, "test.rules.yml");
        assertEquals(List.of(), r.errors());
        RuleSet rules = new RuleSet(r.rules());
        input = InputShares.of(rules).ofRule("room/Hot").id();
        driver = new Stage2Driver(rules, WATERMARKS, T0, Duration.ofMillis(100), board);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static String hot(String extra) {
        return """
                groups:
                  - name: room
                    rules:
                      - alert: Hot
                        select: 'temperature'
                        aggregate: max
                        window: 3s
                        condition: '> 30'
                """ + extra;
    }

    /** The 1 s bucket starting {@code second} s after T0, one sample at +100 ms. */
    private BucketUpdate bucket(int second, double value) {
        long start = T0.toEpochMilli() + second * 1000L;
        return new BucketUpdate(input, GROUP, start, Partial.of(value, start + 100));
    }

    private void send(List<BucketUpdate> updates, long watermarkMs) {
        long now = driver.now().toEpochMilli();
        driver.stage2.pipeInput(Slots.of(input, GROUP), new UpdateBatch(updates, SOURCE, null), now);
        driver.stage2.pipeInput(0, UpdateBatch.of(new Progress(SOURCE, watermarkMs, false)), now);
    }

    private double value(int s, int hotFrom, int hotTo) {
        return s >= hotFrom && s < hotTo ? 40 : 20;
    }

    /** Seconds 0–29 on time; the stall; 30–37 at once at 38.2 s; on time again until {@code end}. */
    private void stallOver(int hotFrom, int hotTo, int end) {
        for (int s = 0; s < 30; s++) {
            driver.clockAt(s * 1000L + 200);
            send(List.of(bucket(s, value(s, hotFrom, hotTo))), T0.toEpochMilli() + s * 1000L + 100);
        }
        driver.clockAt(38_200);
        published.addAll(driver.alerts.readValuesToList());
        assertEquals(List.of(), published, "nothing before the jump");
        List<BucketUpdate> backlog = new ArrayList<>();
        for (int s = 30; s < 38; s++) {
            backlog.add(bucket(s, value(s, hotFrom, hotTo)));
        }
        send(backlog, T0.toEpochMilli() + 37_100);
        for (int s = 38; s < end; s++) {
            driver.clockAt(s * 1000L + 200);
            send(List.of(bucket(s, value(s, hotFrom, hotTo))), T0.toEpochMilli() + s * 1000L + 100);
        }
        driver.clockAt(end * 1000L + 2000);
        published.addAll(driver.alerts.readValuesToList());
    }

    private List<AlertState> states() {
        return published.stream().map(Alert::state).toList();
    }

    @Test
    void aBreachInsideTheJumpFiresAtItsStartAndResolvesAtItsEnd() {
        rules(hot(""));
        stallOver(31, 32, 45); // hot at 31.1 s only: in the 3 s window until 34.1 s
        assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), states(), published.toString());
        assertEquals(T0.plusMillis(31_100), published.get(0).startsAt(), "startsAt is the hot sample's time");
        Instant end = published.get(1).endsAt();
        assertTrue(
                !end.isBefore(T0.plusSeconds(34)) && !end.isAfter(T0.plusMillis(35_100)),
                "resolved when the hot sample left the 3 s window (34 s), not at the jump's end (37 s): " + end);
        long extra = board.passedEdgesJudged("room/Hot");
        assertTrue(
                extra > 0 && extra <= PassedEdges.EDGES_PER_BUCKET * 8,
                "the edges passed: a few per bucket of the 8 s jump, no more: " + extra);
    }

    /**
     * Normal running, the same data on time: the judgement time advances a push at a time, never
     * more than a bucket, and no evaluation is added to the ticks' and the records'.
     */
    @Test
    void onTimeNothingIsJudgedTwice() {
        rules(hot(""));
        for (int s = 0; s < 60; s++) {
            driver.clockAt(s * 1000L + 200);
            send(List.of(bucket(s, value(s, 31, 32))), T0.toEpochMilli() + s * 1000L + 100);
        }
        driver.clockAt(62_000);
        published.addAll(driver.alerts.readValuesToList());
        assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), states(), published.toString());
        assertEquals(T0.plusMillis(31_100), published.get(0).startsAt());
        assertEquals(0, board.passedEdgesJudged("room/Hot"), "no edge was passed");
    }

    /**
     * Two rules of one input read one ring: the first one judged must not prune it for t1 before
     * the second has judged the edges it passed (LateDataIT saw a false RESOLVED of a rule whose
     * sibling, an absence over the same ring, was judged first).
     */
    @Test
    void everyRuleOfTheInputJudgesTheEdgesOnTheWholeRing() {
        rules(hot("""
                      - alert: Warm
                        select: 'temperature'
                        aggregate: max
                        window: 3s
                        condition: '> 25'
                """));
        stallOver(31, 32, 45);
        for (String alert : List.of("Hot", "Warm")) {
            List<AlertState> states = published.stream()
                    .filter(a -> alert.equals(a.labels().get("alertname")))
                    .map(Alert::state)
                    .toList();
            assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), states, alert + ": " + published);
        }
        published.forEach(a -> {
            Instant at = a.state() == AlertState.FIRING ? a.startsAt() : a.endsAt();
            assertTrue(at.isBefore(T0.plusMillis(35_100)), "at the breach's own times: " + a);
        });
    }

    @Test
    void forRunsAcrossTheJump() {
        rules(hot("        for: 2s\n"));
        stallOver(31, 34, 45); // hot 31–33 s: pending at 31 s, firing at 33 s, out of the window at 36–37 s
        List<Alert> firing =
                published.stream().filter(a -> a.state() == AlertState.FIRING).toList();
        assertEquals(1, firing.size(), published.toString());
        Instant fired = firing.get(0).startsAt();
        assertTrue(
                !fired.isBefore(T0.plusSeconds(33)) && !fired.isAfter(T0.plusMillis(33_200)),
                "fired when its for had run: " + fired);
        assertEquals(AlertState.RESOLVED, published.get(published.size() - 1).state(), published.toString());
        Instant end = published.get(published.size() - 1).endsAt();
        assertTrue(
                !end.isBefore(T0.plusSeconds(36)) && !end.isAfter(T0.plusMillis(37_100)),
                "resolved once the last hot sample left the window: " + end);
    }

    @Test
    void aBreachThatOutlastsTheJumpFiresOnce() {
        rules(hot(""));
        stallOver(31, 42, 50); // hot 31–41 s: begins inside the jump, goes on after it
        assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), states(), published.toString());
        assertEquals(T0.plusMillis(31_100), published.get(0).startsAt());
        Instant end = published.get(1).endsAt();
        assertTrue(!end.isBefore(T0.plusSeconds(44)) && !end.isAfter(T0.plusMillis(45_100)), "resolved at " + end);
    }
}
