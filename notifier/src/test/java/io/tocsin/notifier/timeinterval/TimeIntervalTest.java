package io.tocsin.notifier.timeinterval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.config.NotifierConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Alertmanager's time intervals as a table: parsed from YAML, asked about instants. */
class TimeIntervalTest {
    private static final Map<String, List<TimeInterval>> INTERVALS =
            NotifierConfig.parse("""
            route: {receiver: c}
            receivers: [{name: c}]
            time_intervals:
              - name: business
                time_intervals:
                  - times: [{start_time: '09:00', end_time: '17:00'}]
                    weekdays: ['monday:friday']
                    location: Europe/Berlin
              - name: month-end
                time_intervals:
                  - days_of_month: ['-2:-1']
                    months: ['january', '3:4']
                    years: ['2026']
            """, "t.yml", Map.of()).timeIntervals();

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("business", "2026-01-12T08:30:00Z", true, "Monday 09:30 in Berlin"),
                Arguments.of("business", "2026-01-12T07:59:00Z", false, "Monday 08:59 in Berlin"),
                Arguments.of("business", "2026-01-12T16:00:00Z", false, "17:00 is the exclusive end"),
                Arguments.of("business", "2026-01-10T10:00:00Z", false, "Saturday"),
                Arguments.of("month-end", "2026-01-31T12:00:00Z", true, "last day of January"),
                Arguments.of("month-end", "2026-01-30T00:00:00Z", true, "second-last day"),
                Arguments.of("month-end", "2026-01-29T23:59:00Z", false, "third-last day"),
                Arguments.of("month-end", "2026-04-30T12:00:00Z", true, "April is in 3:4"),
                Arguments.of("month-end", "2026-02-28T12:00:00Z", false, "February is not listed"),
                Arguments.of("month-end", "2027-01-31T12:00:00Z", false, "2027 is not listed"));
    }

    @ParameterizedTest(name = "{0} at {1}: {3}")
    @MethodSource("table")
    void contains(String name, String instant, boolean inside, String why) {
        assertEquals(inside, INTERVALS.get(name).stream().anyMatch(i -> i.contains(Instant.parse(instant))), why);
    }

    @org.junit.jupiter.api.Test
    void activeIntervalsMuteOutsideThemAndMuteIntervalsInside() {
        Instant saturday = Instant.parse("2026-01-10T10:00:00Z");
        assertEquals(true, TimeIntervals.muted(INTERVALS, List.of(), List.of("business"), saturday));
        assertEquals(false, TimeIntervals.muted(INTERVALS, List.of("business"), List.of(), saturday));
        assertEquals(false, TimeIntervals.muted(INTERVALS, List.of(), List.of(), saturday));
    }
}
