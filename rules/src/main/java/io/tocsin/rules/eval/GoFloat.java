package io.tocsin.rules.eval;

import java.math.BigDecimal;

/**
 * A float64 as Go's {@code %v} prints it, which is how Prometheus shows {@code {{ $value }}}: the
 * shortest digits, in exponent form when the exponent is below −4 or 6 and above
 * ({@code 1e+06}, {@code 1.234e-05}), else plain ({@code 123456}, {@code 0.0001234}); {@code +Inf},
 * {@code -Inf}, {@code NaN}.
 */
public final class GoFloat {
    private GoFloat() {}

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int e = Math.abs(exp);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        return sign + d.abs().toPlainString();
    }
}
