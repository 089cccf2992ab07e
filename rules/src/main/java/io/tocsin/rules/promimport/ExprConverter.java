package io.tocsin.rules.promimport;

import io.tocsin.core.config.Durations;
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
 * Recognises the PromQL shapes alert rules are written in and maps each to a Tocsin selection,
 * window aggregate and condition. A shape it does not know is refused with the reason; nothing
 * is guessed.
 */
final class ExprConverter {
    /** The Tocsin side of an expression. */
    record Shape(String select, String over, String aggregate, String window, List<String> by, String condition,
            boolean perSeries, List<String> notes) {}

    /** Why an expression has no Tocsin equivalent. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private static final Map<String, String> RANGE_FUNCTIONS = Map.of(
            "rate", "rate", "increase", "increase", "delta", "delta", "deriv", "deriv",
            "avg_over_time", "avg", "max_over_time", "max", "min_over_time", "min", "sum_over_time", "sum",
            "count_over_time", "count", "last_over_time", "last");
    /** outer aggregation → inner range functions whose combination Tocsin's one window aggregate equals. */
    private static final Map<String, Set<String>> COMPATIBLE = Map.of(
            "sum", Set.of("rate", "increase", "sum", "count"),
            "avg", Set.of("avg"),
            "max", Set.of("max", "last"),
            "min", Set.of("min", "last"));
    private static final Map<String, String> FLIP = Map.of(">", "<", "<", ">", ">=", "<=", "<=", ">=", "==", "==", "!=", "!=");

    private ExprConverter() {}

    static Shape convert(String expr) throws Unsupported {
        PromExpr e;
        try {
            e = PromExpr.parse(expr);
        } catch (PromExpr.ParseException ex) {
            throw new Unsupported("cannot read the expression: " + ex.getMessage());
        }
        if (e instanceof Call c && (c.fn().equals("absent") || c.fn().equals("absent_over_time"))) {
            return absent(c);
        }
        if (!(e instanceof Bin b) || !FLIP.containsKey(b.op())) {
            throw new Unsupported("an alert expression must compare with a number (like '... > 0.01')");
        }
        String op = b.op();
        PromExpr value = b.left();
        PromExpr threshold = b.right();
        if (b.left() instanceof Num && !(b.right() instanceof Num)) {
            op = FLIP.get(op);
            value = b.right();
            threshold = b.left();
        }
        if (!(threshold instanceof Num n)) {
            throw new Unsupported("the condition compares two series; Tocsin compares a value with a number");
        }
        String condition = op + " " + number(n.value());
        Shape s = value(value);
        return new Shape(s.select, s.over, s.aggregate, s.window, s.by, condition, s.perSeries, s.notes);
    }

    private static Shape value(PromExpr e) throws Unsupported {
        List<String> notes = new ArrayList<>();
        if (e instanceof Sel sel && sel.range() == null) {
            notes.add("an instant value is read as the last sample of a 5m window");
            return new Shape(selector(sel), null, "last", "5m", List.of(), null, true, notes);
        }
        if (e instanceof Call c && RANGE_FUNCTIONS.containsKey(c.fn()) && c.args().size() == 1 && c.args().get(0) instanceof Sel sel) {
            return new Shape(selector(sel), null, RANGE_FUNCTIONS.get(c.fn()), range(sel), List.of(), null, true, notes);
        }
        if (e instanceof Call c && c.fn().equals("predict_linear") && c.args().size() == 2 && c.args().get(0) instanceof Sel sel
                && c.args().get(1) instanceof Num t) {
            return new Shape(selector(sel), null, "predict_linear(" + Durations.format(java.time.Duration.ofMillis((long) (t.value() * 1000)))
                    + ")", range(sel), List.of(), null, true, notes);
        }
        if (e instanceof Call c && c.fn().equals("histogram_quantile") && c.args().size() == 2 && c.args().get(0) instanceof Num q) {
            if (!(c.args().get(1) instanceof Agg a) || !a.op().equals("sum") || a.without() || !a.by().contains("le")) {
                throw new Unsupported("histogram_quantile needs 'sum by (le, ...) (rate(x_bucket[5m]))' inside");
            }
            RangeCall inner = rangeCall(a.inner(), Set.of("rate", "increase"));
            List<String> by = new ArrayList<>(a.by());
            by.remove("le");
            return new Shape(inner.select, null, "histogram_quantile(" + number(q.value()) + ")", inner.window, by, null, false, notes);
        }
        if (e instanceof Agg a) {
            return aggregation(a, notes);
        }
        if (e instanceof Bin b && b.op().equals("/") && b.left() instanceof Agg num && b.right() instanceof Agg den) {
            Shape n = aggregation(num, notes);
            Shape d = aggregation(den, notes);
            if (!n.by.equals(d.by) || !n.aggregate.equals(d.aggregate) || !n.window.equals(d.window)) {
                throw new Unsupported("a ratio needs the same aggregation, range and 'by' on both sides");
            }
            return new Shape(n.select, d.select, n.aggregate, n.window, n.by, null, false, notes);
        }
        throw new Unsupported("expression shape not supported (Tocsin takes a selector, a range function, an aggregation of one,"
                + " a ratio of two, histogram_quantile or predict_linear, compared with a number)");
    }

    private static Shape aggregation(Agg a, List<String> notes) throws Unsupported {
        if (a.without()) {
            throw new Unsupported("'without' cannot be converted: Tocsin groups 'by' named labels");
        }
        if (a.param() != null || !COMPATIBLE.containsKey(a.op())) {
            throw new Unsupported("the aggregation '" + a.op() + "' has no Tocsin equivalent");
        }
        if (a.inner() instanceof Sel sel && sel.range() == null) {
            if (a.op().equals("sum")) {
                throw new Unsupported("sum of instant values has no window equivalent; write sum by (...) (sum_over_time(x[5m])) or use avg");
            }
            notes.add(a.op() + " of instant values is read as the " + a.op() + " of a 5m window");
            return new Shape(selector(sel), null, a.op(), "5m", a.by(), null, false, notes);
        }
        RangeCall inner = rangeCall(a.inner(), RANGE_FUNCTIONS.keySet());
        String fn = RANGE_FUNCTIONS.get(inner.fn);
        if (!COMPATIBLE.get(a.op()).contains(fn)) {
            throw new Unsupported(a.op() + "(" + inner.fn + "(...)) is not one window aggregate; Tocsin can do "
                    + a.op() + " of " + COMPATIBLE.get(a.op()).stream().sorted().toList());
        }
        return new Shape(inner.select, null, fn, inner.window, a.by(), null, false, notes);
    }

    private record RangeCall(String fn, String select, String window) {}

    private static RangeCall rangeCall(PromExpr e, Set<String> allowed) throws Unsupported {
        if (e instanceof Call c && allowed.contains(c.fn()) && c.args().size() == 1 && c.args().get(0) instanceof Sel sel) {
            return new RangeCall(c.fn(), selector(sel), range(sel));
        }
        throw new Unsupported("expected one of " + allowed.stream().sorted().toList() + " over a range selector like x[5m]");
    }

    private static Shape absent(Call c) throws Unsupported {
        if (c.args().size() != 1 || !(c.args().get(0) instanceof Sel sel)) {
            throw new Unsupported(c.fn() + " needs a selector");
        }
        String window = c.fn().equals("absent") ? "5m" : range(sel);
        List<String> notes = new ArrayList<>();
        if (c.fn().equals("absent")) {
            notes.add("absent() is read as no sample for 5m, Prometheus' lookback");
        }
        return new Shape(selector(sel), null, "absent", window, List.of(), null, false, notes);
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

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
