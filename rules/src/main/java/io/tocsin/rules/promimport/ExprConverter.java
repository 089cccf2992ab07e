package io.tocsin.rules.promimport;

import io.tocsin.core.config.Durations;
import io.tocsin.rules.model.ValueMath;
import io.tocsin.rules.promimport.PromExpr.Agg;
import io.tocsin.rules.promimport.PromExpr.Bin;
import io.tocsin.rules.promimport.PromExpr.Call;
import io.tocsin.rules.promimport.PromExpr.Num;
import io.tocsin.rules.promimport.PromExpr.Sel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a Prometheus alert expression to Tocsin's evaluation: a selection, a window aggregate,
 * a grouping, scalar arithmetic on the value and a condition, only for the shapes whose meaning
 * Tocsin's evaluation reproduces. Every other shape is refused with the reason; nothing is
 * approximated. Without aggregation a PromQL rule is per series, so it compiles to {@code
 * without: []} (one group per series, all its labels), never to one group.
 */
public final class ExprConverter {
    /** Where to read which shapes compile. */
    public static final String SUPPORTED = "see README 'Prometheus rule files' for the shapes Tocsin evaluates exactly";

    /**
     * The Tocsin side of an expression.
     *
     * @param without group by all labels but {@code by} (per series when {@code by} is empty)
     */
    public record Shape(
            String select,
            String over,
            String aggregate,
            String window,
            List<String> by,
            boolean without,
            String condition,
            ValueMath math) {}

    /** Why an expression has no exact Tocsin equivalent. */
    public static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * PromQL range function → Tocsin aggregate. rate, increase and delta are Prometheus' own
     * (prom_*): per series, extrapolated to the range's edges exactly as Prometheus 2.42 does.
     */
    private static final Map<String, String> RANGE_FUNCTIONS = Map.of(
            "rate",
            "prom_rate",
            "increase",
            "prom_increase",
            "delta",
            "prom_delta",
            "deriv",
            "deriv",
            "avg_over_time",
            "avg",
            "max_over_time",
            "max",
            "min_over_time",
            "min",
            "sum_over_time",
            "sum",
            "count_over_time",
            "count",
            "last_over_time",
            "last");
    /**
     * outer aggregation → inner range functions whose combination over a group equals Tocsin's one
     * window aggregate over the group's samples: a sum of per-series sums (or rates, over one
     * window) is the sum over all samples; a max of maxima is the max. An avg of per-series
     * averages is not the average of all samples (series weigh by their sample counts).
     */
    private static final Map<String, Set<String>> COMPATIBLE = Map.of(
            "sum", Set.of("prom_rate", "prom_increase", "prom_delta", "sum", "count"),
            "max", Set.of("max"),
            "min", Set.of("min"));

    private static final Map<String, String> FLIP =
            Map.of(">", "<", "<", ">", ">=", "<=", "<=", ">=", "==", "==", "!=", "!=");
    /** The buckets' rates, each extrapolated per series as Prometheus does (prom_histogram_quantile). */
    private static final Set<String> HISTOGRAM_INPUT = Set.of("rate");

    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/");

    private ExprConverter() {}

    public static Shape convert(String expr) throws Unsupported {
        PromExpr e;
        try {
            e = PromExpr.parse(expr);
        } catch (PromExpr.ParseException ex) {
            throw new Unsupported("cannot compile the expression: " + ex.getMessage());
        }
        if (e instanceof Call c && (c.fn().equals("absent") || c.fn().equals("absent_over_time"))) {
            throw new Unsupported(
                    c.fn() + "() is not compiled yet: Prometheus answers at the first evaluation, Tocsin's absent"
                            + " only after a whole window was watched, and Prometheus labels the result with the selector's equality"
                            + " matchers; write a Tocsin rule with aggregate: absent");
        }
        if (usesTime(e)) {
            throw new Unsupported("time() is not compiled: Tocsin's conditions compare a selection's value with a"
                    + " constant number (for 'time() - x > 3600' over a timestamp gauge no exact form exists yet)");
        }
        if (e instanceof Call c && (c.fn().equals("vector") || c.fn().equals("scalar"))) {
            throw new Unsupported(c.fn() + "() is not compiled: an alert compiles from a selection of series");
        }
        if (!(e instanceof Bin b) || !FLIP.containsKey(b.op())) {
            throw new Unsupported("an alert expression must compare a value with a number (like '... > 0.01')");
        }
        String op = b.op();
        PromExpr value = b.left();
        Double threshold = constant(b.right());
        if (threshold == null && constant(b.left()) != null) {
            op = FLIP.get(op);
            value = b.right();
            threshold = constant(b.left());
        }
        if (threshold == null) {
            throw new Unsupported("comparing two vectors (one-to-one matching) is not compiled: Tocsin compares one"
                    + " selection's value with a number");
        }
        Shape s = value(value);
        String condition = op + " " + number(threshold);
        if (s.over() != null
                && !s.aggregate().startsWith("prom_")
                && holds(op, s.math().apply(0), threshold)) {
            // Tocsin's ratio is 0 where the numerator has no series; Prometheus has no result there.
            throw new Unsupported("a ratio compared so that 0 satisfies '" + condition
                    + "' differs where the numerator has no" + " series (Prometheus: no result; Tocsin: 0)");
        }
        return new Shape(s.select(), s.over(), s.aggregate(), s.window(), s.by(), s.without(), condition, s.math());
    }

    private static Shape value(PromExpr e) throws Unsupported {
        if (e instanceof Bin b && ARITHMETIC.contains(b.op())) {
            Double right = constant(b.right());
            Double left = constant(b.left());
            if (right != null) {
                return withMath(value(b.left()), new ValueMath.Step(b.op().charAt(0), right, false));
            }
            if (left != null) {
                return withMath(value(b.right()), new ValueMath.Step(b.op().charAt(0), left, true));
            }
            if (b.op().equals("/")) {
                return ratio(b);
            }
            throw new Unsupported(
                    "'" + b.op() + "' between two series is not compiled (only a ratio '/' of two matching sides)");
        }
        if (e instanceof Sel sel && sel.range() == null) {
            // PromQL's instant value: the newest sample within the 5m lookback, per series
            return perSeries(selector(sel), "last", "5m");
        }
        if (e instanceof Call c
                && RANGE_FUNCTIONS.containsKey(c.fn())
                && c.args().size() == 1
                && c.args().get(0) instanceof Sel sel) {
            return perSeries(selector(sel), RANGE_FUNCTIONS.get(c.fn()), range(sel));
        }
        if (e instanceof Call c
                && c.fn().equals("predict_linear")
                && c.args().size() == 2
                && c.args().get(0) instanceof Sel sel) {
            Double t = constant(c.args().get(1));
            if (t == null) {
                throw new Unsupported("predict_linear needs a constant number of seconds");
            }
            return perSeries(selector(sel), "predict_linear(" + number(t) + "s)", range(sel));
        }
        if (e instanceof Call c
                && c.fn().equals("histogram_quantile")
                && c.args().size() == 2) {
            return histogramQuantile(c);
        }
        if (e instanceof Agg a) {
            return aggregation(a);
        }
        throw new Unsupported("expression shape not compiled (" + describe(e) + "); " + SUPPORTED);
    }

    private static Shape histogramQuantile(Call c) throws Unsupported {
        Double q = constant(c.args().get(0));
        if (q == null) {
            throw new Unsupported("histogram_quantile needs a constant quantile");
        }
        String fn = "prom_histogram_quantile(" + number(q) + ")";
        PromExpr inner = c.args().get(1);
        if (inner instanceof Agg a) {
            if (!a.op().equals("sum") || a.param() != null) {
                throw new Unsupported(
                        "histogram_quantile compiles over rate(x_bucket[w]) or 'sum by (le, ...)' / 'sum without (...)' of it");
            }
            RangeCall r = rangeCall(a.inner(), HISTOGRAM_INPUT);
            List<String> by = new ArrayList<>(a.by());
            if (a.without()) {
                if (by.contains("le")) {
                    throw new Unsupported("'sum without (le)' removes the buckets histogram_quantile needs");
                }
                return new Shape(r.select, null, fn, r.window, by, true, null, ValueMath.NONE);
            }
            if (!by.remove("le")) {
                throw new Unsupported("'sum by (...)' inside histogram_quantile must keep 'le'");
            }
            return new Shape(r.select, null, fn, r.window, by, false, null, ValueMath.NONE);
        }
        RangeCall r = rangeCall(inner, HISTOGRAM_INPUT);
        // Without a sum, each series group (all labels but le) is its own histogram.
        return new Shape(r.select, null, fn, r.window, List.of(), true, null, ValueMath.NONE);
    }

    private static Shape aggregation(Agg a) throws Unsupported {
        if (a.param() != null || !COMPATIBLE.containsKey(a.op())) {
            throw new Unsupported("'" + a.op() + "' is not compiled: "
                    + (a.op().equals("avg")
                            ? "an avg of per-series values weighs every series equally, Tocsin's window avg weighs every sample"
                            : "only sum, max and min of range functions have an exact window aggregate"));
        }
        if (a.inner() instanceof Sel sel && sel.range() == null) {
            throw new Unsupported(
                    a.op() + " of instant values is not compiled: PromQL takes each series' newest sample,"
                            + " a window aggregate would take all samples of the window");
        }
        RangeCall inner = rangeCall(a.inner(), RANGE_FUNCTIONS.keySet());
        String fn = RANGE_FUNCTIONS.get(inner.fn);
        if (!COMPATIBLE.get(a.op()).contains(fn)) {
            throw new Unsupported(a.op() + "(" + inner.fn + "(...)) is not one window aggregate; compiled are " + a.op()
                    + " of " + COMPATIBLE.get(a.op()).stream().sorted().toList());
        }
        return new Shape(inner.select, null, fn, inner.window, a.by(), a.without(), null, ValueMath.NONE);
    }

    /** {@code a / b}: both sides the same function over the same window and grouping. */
    private static Shape ratio(Bin b) throws Unsupported {
        Shape n = value(b.left());
        Shape d = value(b.right());
        if (!n.math().steps().isEmpty() || !d.math().steps().isEmpty() || n.over() != null || d.over() != null) {
            throw new Unsupported("a ratio compiles only between two plain sides (arithmetic goes outside the ratio)");
        }
        if (!n.by().equals(d.by())
                || n.without() != d.without()
                || !n.aggregate().equals(d.aggregate())
                || !n.window().equals(d.window())) {
            throw new Unsupported("a ratio needs the same function, range and grouping on both sides");
        }
        if (!Set.of("prom_rate", "prom_increase", "sum", "count", "last").contains(n.aggregate())) {
            throw new Unsupported("a ratio of " + n.aggregate() + " is not compiled (rate, increase, sum_over_time,"
                    + " count_over_time and instant values are)");
        }
        // two instant values: the newest samples, divided as PromQL divides (prom_last)
        String fn = n.aggregate().equals("last") ? "prom_last" : n.aggregate();
        return new Shape(n.select(), d.select(), fn, n.window(), n.by(), n.without(), null, ValueMath.NONE);
    }

    private static Shape perSeries(String select, String aggregate, String window) {
        return new Shape(select, null, aggregate, window, List.of(), true, null, ValueMath.NONE);
    }

    private static Shape withMath(Shape s, ValueMath.Step step) {
        return new Shape(
                s.select(),
                s.over(),
                s.aggregate(),
                s.window(),
                s.by(),
                s.without(),
                s.condition(),
                s.math().then(step));
    }

    /** The value of a constant expression ({@code 24 * 3600}), folded in double as PromQL does, or null. */
    static Double constant(PromExpr e) {
        if (e instanceof Num n) {
            return n.value();
        }
        if (e instanceof Bin b && ARITHMETIC.contains(b.op())) {
            Double l = constant(b.left());
            Double r = constant(b.right());
            if (l == null || r == null) {
                return null;
            }
            return new ValueMath.Step(b.op().charAt(0), r, false).applyTo(l);
        }
        return null;
    }

    private static boolean usesTime(PromExpr e) {
        if (e instanceof Call c) {
            return c.fn().equals("time") || c.args().stream().anyMatch(ExprConverter::usesTime);
        }
        if (e instanceof Bin b) {
            return usesTime(b.left()) || usesTime(b.right());
        }
        if (e instanceof Agg a) {
            return usesTime(a.inner());
        }
        return false;
    }

    private static boolean holds(String op, double v, double t) {
        return switch (op) {
            case ">" -> v > t;
            case "<" -> v < t;
            case ">=" -> v >= t;
            case "<=" -> v <= t;
            case "==" -> v == t;
            default -> v != t;
        };
    }

    private record RangeCall(String fn, String select, String window) {}

    private static RangeCall rangeCall(PromExpr e, Set<String> allowed) throws Unsupported {
        if (e instanceof Call c
                && allowed.contains(c.fn())
                && c.args().size() == 1
                && c.args().get(0) instanceof Sel sel) {
            return new RangeCall(c.fn(), selector(sel), range(sel));
        }
        throw new Unsupported(
                "expected one of " + allowed.stream().sorted().toList() + " over a range selector like x[5m]");
    }

    private static String selector(Sel sel) throws Unsupported {
        if (sel.selector().metric() == null) {
            throw new Unsupported("a selector without a metric name (" + sel.text() + ") cannot be indexed");
        }
        return sel.text();
    }

    private static String range(Sel sel) throws Unsupported {
        if (sel.range() == null) {
            throw new Unsupported(sel.text() + " needs a range, like [5m]");
        }
        if (Durations.parseOrNull(sel.range()) == null) {
            throw new Unsupported("'" + sel.range() + "' is not a duration");
        }
        return sel.range();
    }

    private static String describe(PromExpr e) {
        if (e instanceof Call c) {
            return c.fn() + "(...)";
        }
        if (e instanceof Bin b) {
            return "'" + b.op() + "'";
        }
        return e.getClass().getSimpleName().toLowerCase();
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
