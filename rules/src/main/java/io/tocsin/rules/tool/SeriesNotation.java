package io.tocsin.rules.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's expanding notation for input series values: {@code 1 2 3}, {@code 0+10x5}
 * (0 10 20 30 40 50), {@code 100-1x3}, {@code 7x2} (7 7 7), {@code _} (no sample), {@code _x3}
 * (three missing) and {@code stale} (no sample). Missing entries are null.
 */
public final class SeriesNotation {
    private static final String NUM = "[-+]?(?:\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|\\.\\d+(?:[eE][-+]?\\d+)?|Inf|NaN)";
    private static final Pattern EXPAND = Pattern.compile("(" + NUM + ")([-+])(" + NUM + ")x(\\d+)");
    private static final Pattern REPEAT = Pattern.compile("(" + NUM + "|_)x(\\d+)");
    private static final Pattern SINGLE = Pattern.compile(NUM);

    private SeriesNotation() {}

    /** @throws IllegalArgumentException naming the term it cannot read */
    public static List<Double> parse(String text) {
        List<Double> out = new ArrayList<>();
        for (String term : text.trim().split("\\s+")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher m;
            if (term.equals("_") || term.equals("stale")) {
                out.add(null);
            } else if ((m = EXPAND.matcher(term)).matches()) {
                double start = number(m.group(1));
                double step = number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                int n = Integer.parseInt(m.group(4));
                for (int i = 0; i <= n; i++) {
                    out.add(start + step * i);
                }
            } else if ((m = REPEAT.matcher(term)).matches()) {
                Double v = m.group(1).equals("_") ? null : number(m.group(1));
                int n = Integer.parseInt(m.group(2));
                // promtool: "_x3" is three missing samples, "7x2" is 7 three times (start plus two more)
                int count = v == null ? n : n + 1;
                for (int i = 0; i < count; i++) {
                    out.add(v);
                }
            } else if (SINGLE.matcher(term).matches()) {
                out.add(number(term));
            } else {
                throw new IllegalArgumentException(
                        "cannot read '" + term + "' (expected a number, a+bxn, a-bxn, axn, _ or _xn)");
            }
        }
        return out;
    }

    private static double number(String s) {
        return switch (s.replace("+", "")) {
            case "Inf" -> s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "-NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}
