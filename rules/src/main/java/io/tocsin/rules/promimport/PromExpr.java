package io.tocsin.rules.promimport;

import io.tocsin.core.label.LabelNames;
import io.tocsin.core.label.Selector;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of PromQL that alerting rules are written in: selectors with ranges, function calls,
 * aggregations with by/without, arithmetic and comparisons. Enough to recognise the shapes Tocsin
 * can express; anything else is reported, not guessed.
 */
sealed interface PromExpr {
    record Num(double value) implements PromExpr {}

    /**
     * @param text     the selector as written, without its range
     * @param selector the same, read by the one selector parser
     * @param range    e.g. "5m", or null
     */
    record Sel(String text, Selector selector, String range) implements PromExpr {}

    record Call(String fn, List<PromExpr> args) implements PromExpr {}

    record Agg(String op, List<String> by, boolean without, PromExpr param, PromExpr inner) implements PromExpr {}

    record Bin(String op, PromExpr left, PromExpr right) implements PromExpr {}

    /** Why an expression could not be read, as a message. */
    final class ParseException extends Exception {
        ParseException(String message) {
            super(message, null, false, false);
        }
    }

    static PromExpr parse(String text) throws ParseException {
        Parser p = new Parser(text);
        PromExpr e = p.expr();
        p.space();
        if (p.pos < text.length()) {
            throw new ParseException("unexpected '" + text.substring(p.pos) + "'");
        }
        return e;
    }

    /** Recursive descent over the source text; positions are kept so selectors stay as written. */
    final class Parser {
        private static final Set<String> AGGS = Set.of(
                "sum",
                "avg",
                "min",
                "max",
                "count",
                "topk",
                "bottomk",
                "quantile",
                "stddev",
                "stdvar",
                "group",
                "count_values");
        private static final List<String> CMP = List.of("==", "!=", ">=", "<=", ">", "<");
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        PromExpr expr() throws ParseException {
            PromExpr left = arith();
            space();
            refuseSetOperation();
            for (String op : CMP) {
                if (s.startsWith(op, pos)) {
                    pos += op.length();
                    space();
                    if (s.startsWith("bool", pos)) {
                        throw new ParseException("'bool' is not compiled: it turns the comparison into 0/1 values for"
                                + " every series, so the alert would fire for all of them; drop 'bool'");
                    }
                    if (s.startsWith("on", pos) || s.startsWith("ignoring", pos) || s.startsWith("group_", pos)) {
                        throw new ParseException("comparing two vectors with on()/ignoring() matching is not compiled:"
                                + " Tocsin compares one selection's value with a number");
                    }
                    PromExpr right = arith();
                    space();
                    refuseSetOperation();
                    return new Bin(op, left, right);
                }
            }
            return left;
        }

        private void refuseSetOperation() throws ParseException {
            for (String set : List.of("and", "or", "unless")) {
                if (s.startsWith(set, pos)
                        && (pos + set.length() >= s.length()
                                || !Character.isLetterOrDigit(s.charAt(pos + set.length())))) {
                    throw new ParseException("'" + set + "' (a set operation between two vectors) is not compiled:"
                            + " Tocsin evaluates one selection per rule; write the sides as separate rules, or"
                            + " select the series with label matchers");
                }
            }
        }

        private PromExpr arith() throws ParseException {
            PromExpr left = unary();
            while (true) {
                space();
                if (pos < s.length() && "/*+-".indexOf(s.charAt(pos)) >= 0) {
                    String op = String.valueOf(s.charAt(pos++));
                    space();
                    if (s.startsWith("on", pos) || s.startsWith("ignoring", pos) || s.startsWith("group_", pos)) {
                        throw new ParseException("vector matching (on/ignoring/group_left) is not compiled: a ratio"
                                + " compiles when both sides have the same labels (one-to-one on all of them)");
                    }
                    left = new Bin(op, left, unary());
                } else {
                    return left;
                }
            }
        }

        private PromExpr unary() throws ParseException {
            space();
            if (pos >= s.length()) {
                throw new ParseException("unexpected end of expression");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                PromExpr e = expr();
                expect(')');
                return e;
            }
            if (Character.isDigit(c)
                    || c == '.'
                    || ((c == '-' || c == '+')
                            && pos + 1 < s.length()
                            && (Character.isDigit(s.charAt(pos + 1)) || s.charAt(pos + 1) == '.'))) {
                int start = pos++;
                while (pos < s.length()
                        && (Character.isLetterOrDigit(s.charAt(pos))
                                || s.charAt(pos) == '.'
                                || ((s.charAt(pos) == '-' || s.charAt(pos) == '+')
                                        && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                try {
                    return new Num(Double.parseDouble(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw new ParseException("'" + s.substring(start, pos) + "' is not a number");
                }
            }
            if (c == '{') {
                return selector(pos);
            }
            int start = pos;
            String id = ident();
            if (id.isEmpty()) {
                throw new ParseException("unexpected '" + c + "'");
            }
            space();
            if (AGGS.contains(id) && (peek() == '(' || s.startsWith("by", pos) || s.startsWith("without", pos))) {
                return aggregation(id);
            }
            if (peek() == '(') {
                pos++;
                List<PromExpr> args = new ArrayList<>();
                space();
                while (peek() != ')') {
                    args.add(expr());
                    space();
                    if (peek() == ',') {
                        pos++;
                    }
                    space();
                }
                pos++;
                return new Call(id, args);
            }
            pos = start;
            return selector(start);
        }

        private PromExpr aggregation(String op) throws ParseException {
            List<String> by = null;
            boolean without = false;
            if (s.startsWith("by", pos) || s.startsWith("without", pos)) {
                without = s.startsWith("without", pos);
                pos += without ? 7 : 2;
                by = labels();
            }
            expect('(');
            PromExpr first = expr();
            space();
            PromExpr param = null;
            PromExpr inner = first;
            if (peek() == ',') {
                pos++;
                param = first;
                inner = expr();
            }
            expect(')');
            space();
            if (by == null && (s.startsWith("by", pos) || s.startsWith("without", pos))) {
                without = s.startsWith("without", pos);
                pos += without ? 7 : 2;
                by = labels();
            }
            return new Agg(op, by == null ? List.of() : by, without, param, inner);
        }

        private List<String> labels() throws ParseException {
            expect('(');
            List<String> out = new ArrayList<>();
            space();
            while (peek() != ')') {
                String l = ident();
                if (l.isEmpty()) {
                    throw new ParseException("expected a label name in by/without");
                }
                if (!LabelNames.isLabelName(l)) {
                    throw new ParseException("by/without: " + LabelNames.invalidLabelName(l));
                }
                out.add(l);
                space();
                if (peek() == ',') {
                    pos++;
                }
                space();
            }
            pos++;
            return out;
        }

        private PromExpr selector(int start) throws ParseException {
            try {
                SelectorParser.Found found = SelectorParser.promqlAt(s, start);
                pos = found.end();
                return range(s.substring(start, pos).trim(), found.selector());
            } catch (SelectorSyntaxException e) {
                throw new ParseException(e.getMessage());
            }
        }

        private PromExpr range(String text, Selector selector) throws ParseException {
            space();
            String range = null;
            if (peek() == '[') {
                int end = s.indexOf(']', pos);
                if (end < 0) {
                    throw new ParseException("unclosed '['");
                }
                range = s.substring(pos + 1, end).trim();
                if (range.contains(":")) {
                    throw new ParseException("subqueries ([" + range + "]) are not supported");
                }
                pos = end + 1;
            }
            space();
            if (s.startsWith("offset", pos) || peek() == '@') {
                throw new ParseException("offset and @ are not compiled: Tocsin's windows end at the evaluation"
                        + " time, they keep no history to look back into");
            }
            return new Sel(text, selector, range);
        }

        private String ident() {
            int start = pos;
            while (pos < s.length()
                    && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == ':')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void expect(char c) throws ParseException {
            space();
            if (peek() != c) {
                throw new ParseException(
                        "expected '" + c + "'" + (pos < s.length() ? " at '" + s.substring(pos) + "'" : " at the end"));
            }
            pos++;
        }
    }
}
