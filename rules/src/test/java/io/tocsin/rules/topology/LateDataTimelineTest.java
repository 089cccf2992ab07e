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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Data that arrives late, as timelines through the real topology: samples taken every second but
 * delivered in 5 s batches (Prometheus remote-write's default deadline), and a partition that
 * stalls. A window is judged only when its data can no longer arrive, so neither flaps.
 */
class LateDataTimelineTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopologySettings WATERMARKS = new TopologySettings(
                    Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1))
            .withIdleAfter(Duration.ofSeconds(10));
    private Timeline t;
    private final List<Alert> published = new ArrayList<>();

    private void rules(String yaml, TopologySettings settings) {
        RuleParser.Result r = RuleParser.parse(yaml, "test.rules.yml");
        assertEquals(List.of(), r.errors());
        t = new Timeline(new RuleSet(r.rules()), T0, settings);
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private static final String HOT_5S = """
            groups:
              - name: room
                rules:
                  - alert: Hot
                    select: 'temperature'
                    aggregate: max
                    window: 5s
                    condition: '> 30'
            """;

    /** One sample a second from {@code from} to {@code to} (exclusive), each delivered at the end of its 5 s batch. */
    private void batched(int from, int to, double hotFrom, double hotTo) {
        for (int batch = from; batch < to; batch += 5) {
            t.advanceTo(T0.plusSeconds(batch + 5).plusMillis(300)); // the batch leaves 5 s after its first sample
            for (int s = batch; s < batch + 5; s++) {
                double v = s >= hotFrom && s < hotTo ? 40 : 20;
                t.sample(new Sample(
                        "temperature",
                        Labels.of("room", "a"),
                        v,
                        T0.plusSeconds(s).toEpochMilli(),
                        SampleKind.GAUGE));
            }
            published.addAll(t.alerts());
        }
    }

    private List<AlertState> states() {
        return published.stream().map(Alert::state).toList();
    }

    @Test
    void aBreachDeliveredIn5sBatchesFiresOnceAndResolvesOnce() {
        rules(HOT_5S, WATERMARKS);
        batched(0, 120, 30, 90);
        t.advance(Duration.ofSeconds(3));
        published.addAll(t.alerts());
        List<Alert> firing =
                published.stream().filter(a -> a.state() == AlertState.FIRING).toList();
        List<Alert> resolved =
                published.stream().filter(a -> a.state() == AlertState.RESOLVED).toList();
        assertEquals(1, firing.stream().map(Alert::startsAt).distinct().count(), "no flap: " + published);
        assertEquals(
                T0.plusSeconds(30),
                firing.get(0).startsAt(),
                "fired at the first hot sample's time, not when it arrived");
        assertEquals(1, resolved.size(), published.toString());
        assertEquals(AlertState.RESOLVED, published.get(published.size() - 1).state());
        Instant end = resolved.get(0).endsAt();
        assertTrue(
                !end.isBefore(T0.plusSeconds(94)) && !end.isAfter(T0.plusSeconds(95)),
                "resolved once the last hot sample (89 s) left the 5 s window: " + end);
    }

    @Test
    void judgedAtOnceTheSameBatchesFlap() {
        rules(HOT_5S, WATERMARKS.withIdleAfter(Duration.ZERO));
        batched(0, 120, 30, 90);
        long firings = states().stream().filter(s -> s == AlertState.FIRING).count();
        assertTrue(
                firings > 1, "without waiting for the input, an empty window between batches resolves: " + published);
    }

    private static final String QUIET_10S = """
            groups:
              - name: room
                rules:
                  - alert: SensorQuiet
                    select: 'temperature'
                    aggregate: absent
                    window: 10s
                    by: [room]
            """;

    @Test
    void aPartitionStalledForLessThanTheIdleTimeoutCausesNoFalseAbsenceOrResolve() {
        rules(QUIET_10S + """
                      - alert: Hot
                        select: 'temperature'
                        aggregate: max
                        window: 5s
                        condition: '> 30'
                """, WATERMARKS);
        for (int s = 0; s < 30; s++) {
            t.sample(new Sample(
                    "temperature",
                    Labels.of("room", "a"),
                    s >= 20 ? 40 : 20,
                    T0.plusSeconds(s).toEpochMilli(),
                    SampleKind.GAUGE));
        }
        t.advanceTo(T0.plusSeconds(30));
        published.addAll(t.alerts());
        assertEquals(List.of(AlertState.FIRING), states(), "hot since 20 s");
        // the partition reads nothing for 9 s after its last sample (idle timeout 10 s), then its backlog arrives at
        // once
        t.advanceTo(T0.plusSeconds(29 + 9));
        for (int s = 30; s < 38; s++) {
            t.sample(new Sample(
                    "temperature", Labels.of("room", "a"), 40, T0.plusSeconds(s).toEpochMilli(), SampleKind.GAUGE));
        }
        t.advanceTo(T0.plusSeconds(45));
        published.addAll(t.alerts());
        assertEquals(
                List.of(AlertState.FIRING), states(), "neither resolved nor absent while the data could still come");
    }

    @Test
    void aPartitionSilentPastTheIdleTimeoutIsJudgedWithoutIt() {
        rules(QUIET_10S, WATERMARKS);
        for (int s = 0; s < 30; s++) {
            t.sample(new Sample(
                    "temperature", Labels.of("room", "a"), 20, T0.plusSeconds(s).toEpochMilli(), SampleKind.GAUGE));
        }
        t.advanceTo(T0.plusSeconds(60));
        published.addAll(t.alerts());
        assertEquals(List.of(AlertState.FIRING), states(), "absent once the partition counts as idle");
        Alert absent = published.get(0);
        assertTrue(
                !absent.startsAt().isBefore(T0.plusSeconds(29 + 10)),
                "judged no earlier than the idle timeout after the last sample: " + absent.startsAt());
    }
}
