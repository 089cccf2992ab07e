package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A group's ticks: group_wait after it opened, then every group_interval from its first flush. */
class TicksTest {
    private static final Instant OPENED = Instant.parse("2026-01-10T10:00:00Z");
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1), null);

    private static AlertGroup group(Double flushedAtSeconds, Double dueSeconds) {
        return new AlertGroup(
                new GroupRef("team", "{}:{}", Labels.EMPTY, TIMING),
                OPENED,
                null,
                null,
                null,
                flushedAtSeconds == null ? null : at(flushedAtSeconds),
                0,
                dueSeconds == null ? null : at(dueSeconds),
                null,
                false,
                null);
    }

    private static Instant at(double seconds) {
        return OPENED.plusMillis(Math.round(seconds * 1000));
    }

    static Stream<Arguments> atOrAfter() {
        return Stream.of(
                // flushed at, asked about, tick
                Arguments.of("before the first flush, the first tick is group_wait after opening", null, 5.0, 30.0),
                Arguments.of("a first tick that passed unflushed is now", null, 45.0, 45.0),
                Arguments.of("a moment right after a tick waits for the next", 30.0, 30.001, 330.0),
                Arguments.of("the tick flushed is not asked again", 30.0, 30.0, 330.0),
                Arguments.of("a tick itself is its own answer", 30.0, 630.0, 630.0),
                Arguments.of("ticks keep their phase far ahead", 30.0, 3601.0, 3630.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void atOrAfter(String name, Double flushedAt, double asked, double tick) {
        assertEquals(at(tick), Ticks.atOrAfter(group(flushedAt, null), at(asked)));
    }

    static Stream<Arguments> latestAtOrBefore() {
        return Stream.of(
                // flushed at, due, now, the tick a flush at now stands for
                Arguments.of("a flush a few ms late stands for its tick", 30.0, 330.0, 330.012, 330.0),
                Arguments.of(
                        "after a long pause, the last tick passed, not the first missed", 30.0, 330.0, 1000.0, 930.0),
                Arguments.of("the first flush stands for its due time", null, 30.0, 30.01, 30.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void latestAtOrBefore(String name, Double flushedAt, double due, double now, double tick) {
        assertEquals(at(tick), Ticks.latestAtOrBefore(group(flushedAt, due), at(now)));
    }

    static Stream<Arguments> isTick() {
        return Stream.of(
                Arguments.of("any time before the first flush", null, 12.5, true),
                Arguments.of("a multiple of group_interval after the last flush", 30.0, 630.0, true),
                Arguments.of("an escalation step between ticks", 30.0, 330.5, false),
                Arguments.of("the flushed tick itself is past", 30.0, 30.0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void isTick(String name, Double flushedAt, double t, boolean expected) {
        assertEquals(expected, Ticks.isTick(group(flushedAt, null), at(t)));
    }
}
