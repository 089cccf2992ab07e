package io.tocsin.notifier.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration syntax ({@code 30s}, {@code 4h}, {@code 1h30m}, {@code 500ms}), as alertmanager.yml uses it. */
public final class Durations {
    private static final Pattern SYNTAX = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    // Units in milliseconds, in the order of the groups above; a Prometheus year is 365 days.
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600 * 1000L, 60 * 1000L, 1000L, 1L
    };

    private Durations() {}

    public static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (text == null || text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (like 30s, 5m, 4h, 1h30m, 500ms)");
        }
        long ms = 0;
        try {
            for (int i = 0; i < UNIT_MS.length; i++) {
                String n = m.group(i + 1);
                if (n != null) {
                    ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(n), UNIT_MS[i]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofMillis(ms);
    }

    /** The shortest Prometheus spelling, e.g. {@code 1h30m}; {@code 0s} for zero. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < UNIT_MS.length; i++) {
            long n = ms / UNIT_MS[i];
            if (n > 0) {
                sb.append(n).append(names[i]);
                ms -= n * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
