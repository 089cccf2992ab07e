package io.tocsin.rules.eval;

import java.math.BigDecimal;
import java.math.MathContext;

/** Prometheus' template formatting functions, with Go's {@code %.4g} rendering. */
public final class Humanize {
    private static final String[] BIG = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"", "m", "u", "n", "p", "f", "a", "z", "y"};

    private Humanize() {}

    /** 1234567 → "1.235M", 0.0012 → "1.2m". */
    public static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        int i = 0;
        double x = v;
        if (Math.abs(x) >= 1) {
            while (Math.abs(x) >= 1000 && i < BIG.length - 1) {
                x /= 1000;
                i++;
            }
            return g4(x) + BIG[i];
        }
        while (Math.abs(x) < 1 && i < SMALL.length - 1) {
            x *= 1000;
            i++;
        }
        return g4(x) + SMALL[i];
    }

    /** 0.0234 → "2.34%". */
    public static String percentage(double ratio) {
        return g4(ratio * 100) + "%";
    }

    /** Seconds → "1d 2h 3m 4s", or "350ms" below one second. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return g4(seconds);
        }
        String sign = seconds < 0 ? "-" : "";
        double v = Math.abs(seconds);
        if (v == 0) {
            return "0s";
        }
        if (v >= 1) {
            long total = (long) v;
            long days = total / 86_400;
            long hours = total / 3600 % 24;
            long minutes = total / 60 % 60;
            long secs = total % 60;
            if (days != 0) {
                return String.format("%s%dd %dh %dm %ds", sign, days, hours, minutes, secs);
            }
            if (hours != 0) {
                return String.format("%s%dh %dm %ds", sign, hours, minutes, secs);
            }
            if (minutes != 0) {
                return String.format("%s%dm %ds", sign, minutes, secs);
            }
            return sign + g4(v) + "s";
        }
        String[] prefixes = {"m", "u", "n", "p", "f", "a", "z", "y"};
        int i = 0;
        double x = v * 1000;
        while (x < 1 && i < prefixes.length - 1) {
            x *= 1000;
            i++;
        }
        return sign + g4(x) + prefixes[i] + "s";
    }

    /** Go's {@code %.4g} for the magnitudes humanize produces: 4 significant digits, no trailing zeros. */
    static String g4(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 4) {
            String mantissa = d.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
        }
        return d.toPlainString();
    }
}
