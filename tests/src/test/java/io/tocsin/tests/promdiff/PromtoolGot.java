package io.tocsin.tests.promdiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerts promtool reports as {@code got:} when a check fails, keyed by test name, alertname and
 * time as promtool prints them. A check that expects no alert fails exactly when alerts fire, so a
 * test file whose checks expect nothing makes promtool print every alert it computed; a check
 * missing here had no alert firing.
 */
final class PromtoolGot {
    private static final Pattern NAME = Pattern.compile("^\\s*name: (.*),$");
    private static final Pattern CHECK = Pattern.compile("^\\s*alertname: (\\S+), time: (\\S+), ?$");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromtoolGot() {}

    static String key(String test, String alertname, String time) {
        return test + " / " + alertname + " @ " + time;
    }

    static Map<String, List<InstantAlerts.Got>> parse(String output) {
        Map<String, List<InstantAlerts.Got>> out = new LinkedHashMap<>();
        String test = null;
        String check = null;
        boolean inGot = false;
        Map<String, String> labels = null;
        for (String line : output.split("\n")) {
            Matcher m;
            if ((m = NAME.matcher(line)).matches()) {
                test = m.group(1);
            } else if ((m = CHECK.matcher(line)).matches()) {
                check = key(test, m.group(1), m.group(2));
                out.put(check, new ArrayList<>());
                inGot = false;
            } else if (line.trim().startsWith("got:")) {
                inGot = true;
            } else if (inGot && line.trim().startsWith("Labels:{")) {
                labels = pairs(line);
            } else if (inGot && line.trim().startsWith("Annotations:{")) {
                out.get(check).add(new InstantAlerts.Got(labels, pairs(line)));
            }
        }
        return out;
    }

    private static Map<String, String> pairs(String line) {
        Map<String, String> m = new HashMap<>();
        Matcher p = PAIR.matcher(line);
        while (p.find()) {
            m.put(p.group(1), p.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return m;
    }

    /** Prometheus' model.Duration notation, as promtool prints eval times: 5m, 1h30m, 45s. */
    static String duration(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }
}
