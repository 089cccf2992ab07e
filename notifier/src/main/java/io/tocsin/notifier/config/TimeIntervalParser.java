package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.notifier.timeinterval.TimeInterval;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code time_intervals:} (and its older name {@code mute_time_intervals:}) as Alertmanager writes them. */
final class TimeIntervalParser {
    private static final Set<String> NAMED_FIELDS = Set.of("name", "time_intervals");
    private static final Set<String> FIELDS =
            Set.of("times", "weekdays", "days_of_month", "months", "years", "location");
    private static final List<String> WEEKDAYS =
            List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
    private static final List<String> MONTHS = List.of(
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december");
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");

    private TimeIntervalParser() {}

    static void intervals(ConfigReader reader, YamlNode node, String top, Map<String, List<TimeInterval>> out) {
        List<YamlNode> items = reader.list(node, top);
        for (int i = 0; items != null && i < items.size(); i++) {
            String where = top + "[" + i + "]";
            YamlNode.Mapping m = reader.mapping(items.get(i), where);
            if (m == null) {
                continue;
            }
            reader.onlyKnown(m, where, NAMED_FIELDS, Map.of());
            YamlNode nameNode = m.get("name");
            String name = nameNode == null ? null : reader.string(nameNode, where + ".name");
            if (nameNode == null) {
                reader.problem(m.mark(), where + " needs a name");
                continue;
            }
            if (name != null && out.containsKey(name)) {
                reader.problem(nameNode.mark(), "time interval '" + name + "' is defined twice");
            }
            List<TimeInterval> parts = new ArrayList<>();
            YamlNode list = m.get("time_intervals");
            List<YamlNode> specs = list == null ? List.of() : reader.list(list, where + ".time_intervals");
            for (int j = 0; specs != null && j < specs.size(); j++) {
                TimeInterval t = one(reader, specs.get(j), where + ".time_intervals[" + j + "]");
                if (t != null) {
                    parts.add(t);
                }
            }
            if (name != null) {
                out.put(name, parts);
            }
        }
    }

    private static TimeInterval one(ConfigReader reader, YamlNode node, String where) {
        YamlNode.Mapping m = reader.mapping(node, where);
        if (m == null) {
            return null;
        }
        reader.onlyKnown(m, where, FIELDS, Map.of());
        List<TimeInterval.MinuteRange> times = new ArrayList<>();
        YamlNode timesNode = m.get("times");
        List<YamlNode> timeItems = timesNode == null ? List.of() : reader.list(timesNode, where + ".times");
        for (int i = 0; timeItems != null && i < timeItems.size(); i++) {
            YamlNode.Mapping t = reader.mapping(timeItems.get(i), where + ".times[" + i + "]");
            if (t == null) {
                continue;
            }
            Integer start = minutes(reader, t.get("start_time"), t, where + ".times[" + i + "].start_time");
            Integer end = minutes(reader, t.get("end_time"), t, where + ".times[" + i + "].end_time");
            if (start != null && end != null) {
                if (start >= end) {
                    reader.problem(t.mark(), where + ".times[" + i + "]: start_time must be before end_time");
                } else {
                    times.add(new TimeInterval.MinuteRange(start, end));
                }
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        YamlNode loc = m.get("location");
        if (loc != null) {
            String text = reader.string(loc, where + ".location");
            if (text != null) {
                try {
                    zone = text.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(text);
                } catch (DateTimeException e) {
                    reader.problem(loc.mark(), where + ".location: unknown time zone '" + text + "'");
                }
            }
        }
        return new TimeInterval(
                times,
                ranges(reader, m, "weekdays", where, s -> named(s, WEEKDAYS, 0, 0, 6)),
                ranges(reader, m, "days_of_month", where, s -> number(s, -31, 31, true)),
                ranges(reader, m, "months", where, s -> named(s, MONTHS, 1, 1, 12)),
                ranges(reader, m, "years", where, s -> number(s, 1, 9999, false)),
                zone);
    }

    private static Integer minutes(ConfigReader reader, YamlNode node, YamlNode.Mapping parent, String what) {
        if (node == null) {
            reader.problem(parent.mark(), what + " is required");
            return null;
        }
        String text = reader.string(node, what);
        if (text == null) {
            return null;
        }
        Matcher mm = TIME.matcher(text);
        if (!mm.matches()
                || Integer.parseInt(mm.group(2)) > 59
                || Integer.parseInt(mm.group(1)) * 60 + Integer.parseInt(mm.group(2)) > 24 * 60) {
            reader.problem(node.mark(), what + " must be HH:MM between 00:00 and 24:00, not '" + text + "'");
            return null;
        }
        return Integer.parseInt(mm.group(1)) * 60 + Integer.parseInt(mm.group(2));
    }

    private static List<TimeInterval.Range> ranges(
            ConfigReader reader, YamlNode.Mapping m, String field, String where, Function<String, Integer> value) {
        YamlNode node = m.get(field);
        if (node == null) {
            return List.of();
        }
        List<TimeInterval.Range> out = new ArrayList<>();
        List<YamlNode> items = reader.list(node, where + "." + field);
        for (int i = 0; items != null && i < items.size(); i++) {
            YamlNode item = items.get(i);
            String text = item instanceof YamlNode.Scalar s && s.text() != null
                    ? s.text().strip().toLowerCase(Locale.ROOT)
                    : null;
            String[] ends = text == null ? new String[0] : text.split(":", -1);
            Integer start = ends.length >= 1 && ends.length <= 2 ? value.apply(ends[0]) : null;
            Integer end = ends.length == 2 ? value.apply(ends[1]) : start;
            if (start == null || end == null || ((start >= 0) == (end >= 0) && start > end)) {
                reader.problem(
                        item.mark(),
                        where + "." + field + "[" + i + "]: '" + text + "' is not a valid " + field.replace('_', ' ')
                                + " or range (start:end)");
                continue;
            }
            out.add(new TimeInterval.Range(start, end));
        }
        return out;
    }

    private static Integer named(String s, List<String> names, int first, int min, int max) {
        int at = names.indexOf(s);
        if (at >= 0) {
            return at + first;
        }
        Integer n = number(s, min, max, false);
        return n;
    }

    private static Integer number(String s, int min, int max, boolean noZero) {
        try {
            int n = Integer.parseInt(s);
            return n < min || n > max || (noZero && n == 0) ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
