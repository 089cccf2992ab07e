package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The flush policy as a table: what the group holds, what its receiver believes, what it is told. */
class FlushTest {
    private static final Instant OPENED = Instant.parse("2026-01-10T10:00:05Z");
    private static final Instant TOLD_AT = OPENED.plusSeconds(30);
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(2));
    private static final GroupRef REF =
            new GroupRef("team", "{}:{alertname=\"HighCpu\"}", Labels.of("alertname", "HighCpu"), TIMING);

    private static Alert f(String instance) {
        return TestAlerts.firing("HighCpu", "instance", instance);
    }

    private static Alert r(String instance) {
        return TestAlerts.resolved("HighCpu", "instance", instance);
    }

    /** A group holding {@code alerts} whose receiver was told {@code told} are firing. */
    private static AlertGroup group(List<Alert> alerts, List<String> told, Acknowledgement ack) {
        TreeMap<String, Alert> held = new TreeMap<>();
        alerts.forEach(a -> held.put(a.fingerprint(), a));
        TreeMap<String, String> believed = new TreeMap<>();
        told.forEach(i -> believed.put(f(i).fingerprint(), AlertGroup.episode(f(i))));
        return new AlertGroup(
                REF,
                OPENED,
                held,
                believed,
                told.isEmpty() ? null : TOLD_AT,
                TOLD_AT,
                told.size(),
                TOLD_AT,
                ack,
                false,
                null);
    }

    private static Predicate<Alert> muting(String... instances) {
        Set<String> muted = Set.of(instances);
        return a -> muted.contains(a.labels().get("instance"));
    }

    static Stream<Arguments> table() {
        Instant soon = TOLD_AT.plusSeconds(60);
        Instant exactlyRepeat = TOLD_AT.plus(Duration.ofHours(1));
        Instant later = exactlyRepeat.plus(Duration.ofMinutes(5));
        Acknowledgement ack = new Acknowledgement("ann", "on it", TOLD_AT);
        return Stream.of(
                // name, alerts held, told, muted, ack, now, decision, what is told
                Arguments.of(
                        "a first firing alert is told",
                        List.of(f("a")),
                        List.of(),
                        muting(),
                        null,
                        soon,
                        Decision.NOTIFY_FIRING,
                        "firing a"),
                Arguments.of(
                        "a new alert next to a told one is told with it",
                        List.of(f("a"), f("b")),
                        List.of("a"),
                        muting(),
                        null,
                        soon,
                        Decision.NOTIFY_FIRING,
                        "firing a,b"),
                Arguments.of(
                        "nothing new is not told",
                        List.of(f("a")),
                        List.of("a"),
                        muting(),
                        null,
                        soon,
                        Decision.SKIP_NOTHING_NEW,
                        ""),
                Arguments.of(
                        "nothing new after repeat_interval is told again",
                        List.of(f("a")),
                        List.of("a"),
                        muting(),
                        null,
                        later,
                        Decision.NOTIFY_REPEAT,
                        "firing a"),
                Arguments.of(
                        "exactly repeat_interval after is not yet a repeat (Alertmanager compares strictly)",
                        List.of(f("a")),
                        List.of("a"),
                        muting(),
                        null,
                        exactlyRepeat,
                        Decision.SKIP_NOTHING_NEW,
                        ""),
                Arguments.of(
                        "an acknowledged group is not repeated",
                        List.of(f("a")),
                        List.of("a"),
                        muting(),
                        ack,
                        later,
                        Decision.SKIP_ACKNOWLEDGED,
                        ""),
                Arguments.of(
                        "a resolve the receiver heard fire is told",
                        List.of(r("a")),
                        List.of("a"),
                        muting(),
                        null,
                        soon,
                        Decision.NOTIFY_RESOLVED,
                        "resolved a"),
                Arguments.of(
                        "a resolve next to a firing alert is told with it",
                        List.of(f("a"), r("b")),
                        List.of("a", "b"),
                        muting(),
                        null,
                        soon,
                        Decision.NOTIFY_RESOLVED,
                        "firing a,b(resolved)"),
                Arguments.of(
                        "a resolve nobody heard fire is not told",
                        List.of(r("a")),
                        List.of(),
                        muting(),
                        null,
                        soon,
                        Decision.SKIP_NOTHING_NEW,
                        ""),
                Arguments.of(
                        "a muted new alert is not told",
                        List.of(f("a")),
                        List.of(),
                        muting("a"),
                        null,
                        soon,
                        Decision.SKIP_NOTHING_NEW,
                        ""),
                Arguments.of(
                        "a muted alert's resolve is still told to who heard it fire",
                        List.of(r("a")),
                        List.of("a"),
                        muting("a"),
                        null,
                        soon,
                        Decision.NOTIFY_RESOLVED,
                        "resolved a"),
                Arguments.of(
                        "a muted alert is left out of what is told about others",
                        List.of(f("a"), f("b")),
                        List.of("a"),
                        muting("a"),
                        null,
                        soon,
                        Decision.NOTIFY_FIRING,
                        "firing b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(
            String name,
            List<Alert> alerts,
            List<String> told,
            Predicate<Alert> muted,
            Acknowledgement ack,
            Instant now,
            Decision expected,
            String tells) {
        Flush f = Flush.of(group(alerts, told, ack), now, muted);
        assertEquals(expected, f.decision());
        String actual = f.decision().notifies()
                ? f.status().wireName() + " "
                        + String.join(
                                ",",
                                f.alerts().stream()
                                        .map(a -> a.labels().get("instance")
                                                + (a.state() == f.status()
                                                        ? ""
                                                        : "(" + a.state().wireName() + ")"))
                                        .toList())
                : "";
        assertEquals(tells, actual);
    }

    @Test
    void aMutedAlertStaysBelievedFiringSoItsResolveIsToldLater() {
        Flush first =
                Flush.of(group(List.of(f("a"), f("b")), List.of("a"), null), TOLD_AT.plusSeconds(60), muting("a"));
        assertTrue(first.next().told().containsKey(f("a").fingerprint()), "the receiver still believes a fires");
        assertEquals(
                TOLD_AT.plusSeconds(60).plus(TIMING.groupInterval()),
                first.next().due(),
                "a muted group is looked at again every group_interval");
    }

    @Test
    void aGroupWithNothingLeftCloses() {
        assertNull(Flush.of(group(List.of(r("a")), List.of("a"), null), TOLD_AT.plusSeconds(60), muting())
                .next());
        assertNull(Flush.of(group(List.of(r("a")), List.of(), null), TOLD_AT.plusSeconds(60), muting())
                .next());
    }

    @Test
    void dueKeysSortByTime() {
        List<String> keys = Arrays.asList(
                DueIndex.key(Instant.ofEpochMilli(10_000), "b"),
                DueIndex.key(Instant.ofEpochMilli(9_999), "z"),
                DueIndex.key(Instant.ofEpochMilli(10_000), "a"));
        keys.sort(null);
        assertEquals(
                List.of(
                        DueIndex.key(Instant.ofEpochMilli(9_999), "z"),
                        DueIndex.key(Instant.ofEpochMilli(10_000), "a"),
                        DueIndex.key(Instant.ofEpochMilli(10_000), "b")),
                keys);
        assertTrue(DueIndex.key(Instant.ofEpochMilli(10_000), "\uffff")
                        .compareTo(DueIndex.upTo(Instant.ofEpochMilli(10_000)))
                < 0);
        assertTrue(
                DueIndex.key(Instant.ofEpochMilli(10_001), "a").compareTo(DueIndex.upTo(Instant.ofEpochMilli(10_000)))
                        > 0);
    }
}
