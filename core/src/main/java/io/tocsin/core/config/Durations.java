package io.tocsin.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Prometheus' grammar (model.ParseDuration), the one grammar of every Tocsin config
 * file: units largest first, each at most once ({@code 1h30m}, {@code 500ms}, {@code 2d}, {@code
 * 1w}, {@code 1y} = 365 days), or a bare {@code 0}. {@code 5m1h} and {@code 30s5s} are refused, as
 * Prometheus refuses them.
 */
public final class Durations {
    private static final Pattern SYNTAX =
            Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    // Units in milliseconds, in the order of the groups above.
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600 * 1000L, 60 * 1000L, 1000L, 1L
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {}

    /** @throws IllegalArgumentException naming the text and the grammar when it is not a duration */
    public static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (text == null || text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a duration (a number and a unit, largest first: 500ms, 30s, 5m, 1h30m, 2d, 1w; or 0)");
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

    /** The duration, or null when the text is not one (for callers that word their own error). */
    public static Duration parseOrNull(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Prometheus' spelling (model.Duration.String), e.g. {@code 1h30m}; {@code 0s} for zero. Years
     * and weeks only when they are exact, since {@code 90d} reads better than {@code 12w6d}.
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < UNIT_MS.length; i++) {
            boolean onlyExact = i < 2;
            if (onlyExact && ms % UNIT_MS[i] != 0) {
                continue;
            }
            long n = ms / UNIT_MS[i];
            if (n > 0) {
                sb.append(n).append(UNIT_NAMES[i]);
                ms -= n * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
