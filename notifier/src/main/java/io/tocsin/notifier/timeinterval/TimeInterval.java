package io.tocsin.notifier.timeinterval;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One of Alertmanager's time intervals: an instant is inside when every given part matches
 * (times of day, weekdays, days of month, months, years, in {@code location}); a part not given
 * matches always. Ranges are inclusive, except times, whose end is exclusive; negative days of
 * month count from the month's end (-1 is the last day).
 */
public record TimeInterval(
        List<MinuteRange> times,
        List<Range> weekdays,
        List<Range> daysOfMonth,
        List<Range> months,
        List<Range> years,
        ZoneId location) {

    /** Minutes since midnight, {@code [start, end)}. */
    public record MinuteRange(int start, int end) {}

    /** Inclusive. */
    public record Range(int start, int end) {
        boolean contains(int v) {
            return v >= start && v <= end;
        }
    }

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = List.copyOf(weekdays);
        daysOfMonth = List.copyOf(daysOfMonth);
        months = List.copyOf(months);
        years = List.copyOf(years);
        Objects.requireNonNull(location, "location");
    }

    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location);
        int minute = t.getHour() * 60 + t.getMinute();
        if (!times.isEmpty() && times.stream().noneMatch(r -> minute >= r.start() && minute < r.end())) {
            return false;
        }
        int weekday =
                t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
        if (!weekdays.isEmpty() && weekdays.stream().noneMatch(r -> r.contains(weekday))) {
            return false;
        }
        int length = t.toLocalDate().lengthOfMonth();
        int day = t.getDayOfMonth();
        if (!daysOfMonth.isEmpty()
                && daysOfMonth.stream().noneMatch(r -> resolve(r, length).contains(day))) {
            return false;
        }
        if (!months.isEmpty() && months.stream().noneMatch(r -> r.contains(t.getMonthValue()))) {
            return false;
        }
        return years.isEmpty() || years.stream().anyMatch(r -> r.contains(t.getYear()));
    }

    private static Range resolve(Range r, int length) {
        int s = r.start() < 0 ? length + 1 + r.start() : r.start();
        int e = r.end() < 0 ? length + 1 + r.end() : r.end();
        return new Range(s, e);
    }
}
