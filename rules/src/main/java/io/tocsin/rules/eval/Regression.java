package io.tocsin.rules.eval;

/**
 * Running sums of a least-squares line through (time, value) points, mergeable like the rest of
 * a partial. Times are seconds relative to {@code refMs}, re-based on merge, so the sums stay
 * small: squared epoch seconds would swallow a five-minute window's variance in rounding.
 */
public record Regression(long refMs, long n, double st, double sv, double stt, double stv) {

    public static Regression of(long tsMs, double value) {
        return new Regression(tsMs, 1, 0, value, 0, 0);
    }

    public static Regression merge(Regression a, Regression b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        long ref = Math.min(a.refMs, b.refMs);
        Regression x = a.rebase(ref);
        Regression y = b.rebase(ref);
        return new Regression(ref, x.n + y.n, x.st + y.st, x.sv + y.sv, x.stt + y.stt, x.stv + y.stv);
    }

    /** The same sums with times measured from {@code newRef}: t' = t + d. */
    Regression rebase(long newRef) {
        if (newRef == refMs) {
            return this;
        }
        double d = (refMs - newRef) / 1000.0;
        return new Regression(newRef, n, st + n * d, sv, stt + 2 * d * st + n * d * d, stv + d * sv);
    }

    /** Change per second, or NaN with fewer than two distinct times (PromQL deriv). */
    public double slope() {
        if (n < 2) {
            return Double.NaN;
        }
        double varT = stt - st * st / n;
        if (varT <= 0) {
            return Double.NaN;
        }
        return (stv - st * sv / n) / varT;
    }

    /** The fitted line's value at {@code tsMs} (PromQL predict_linear with the horizon added to now). */
    public double valueAt(long tsMs) {
        double slope = slope();
        if (Double.isNaN(slope)) {
            return Double.NaN;
        }
        double t = (tsMs - refMs) / 1000.0;
        return sv / n + slope * (t - st / n);
    }
}
