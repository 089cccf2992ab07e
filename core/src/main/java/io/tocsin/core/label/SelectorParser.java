package io.tocsin.core.label;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of label matchers, in the three notations Tocsin's users write them:
 * <ul>
 * <li>PromQL selectors: {@code metric{a="b", c=~"d.*",}}, {@code {__name__="x"}}; values in
 *     double quotes, single quotes or backticks ({@link QuotedString});</li>
 * <li>Loki stream selectors: {@code {app="x"}}, braces required, no metric name;</li>
 * <li>Alertmanager matchers as 0.25+ reads them: {@code foo=bar}, {@code foo="bar"},
 *     {@code {foo="bar",baz!~"x"}}, unquoted UTF-8 values, quoted label names, an optional
 *     trailing comma.</li>
 * </ul>
 * Label names are Prometheus' ({@link LabelNames}); every regex compiles on RE2/J. A mistake is a
 * {@link SelectorSyntaxException} naming its column, worded the same in every notation.
 */
public final class SelectorParser {
    /** A selector found inside a longer expression, and the offset just after it. */
    public record Found(Selector selector, int end) {}

    private enum Notation {
        PROMQL,
        LOKI,
        ALERTMANAGER
    }

    /** Alertmanager's reserved characters: anything else may appear in an unquoted name or value. */
    private static final String RESERVED = "{}!=~,\\\"'`";

    private final String text;
    private final Notation notation;
    private final boolean labelsOnly;
    private int pos;

    private SelectorParser(String text, int from, Notation notation, boolean labelsOnly) {
        this.text = text;
        this.pos = from;
        this.notation = notation;
        this.labelsOnly = labelsOnly;
    }

    /** A PromQL instant-vector selector; it needs a metric name or a matcher that the empty string fails. */
    public static Selector promql(String text) {
        SelectorParser p = new SelectorParser(text, 0, Notation.PROMQL, false);
        Selector s = p.promqlSelector();
        p.end();
        return s;
    }

    /** A PromQL selector starting at {@code from} inside an expression; what follows it is the caller's. */
    public static Found promqlAt(String text, int from) {
        SelectorParser p = new SelectorParser(text, from, Notation.PROMQL, false);
        Selector s = p.promqlSelector();
        return new Found(s, p.pos);
    }

    /** A series in PromQL notation, as promtool test files write input: {@code up{job="a"}}, = only. */
    public static Selector series(String text) {
        SelectorParser p = new SelectorParser(text, 0, Notation.PROMQL, true);
        Selector s = p.promqlSelector();
        p.end();
        return s;
    }

    /** A Loki stream selector, {@code {app="api", env=~"prod|staging"}}: at least one matcher that "" fails. */
    public static Selector stream(String text) {
        SelectorParser p = new SelectorParser(text, 0, Notation.LOKI, false);
        Selector s = p.streamSelector();
        p.end();
        if (s.matchers().stream().allMatch(Matcher::matchesEmpty)) {
            throw new SelectorSyntaxException(
                    text,
                    0,
                    "a stream selector needs at least one label matcher that does not match the empty string, like {app=\"api\"}");
        }
        return s;
    }

    /** A Loki stream's label set, {@code {app="x", level="info"}}, as a push carries it; {@code {}} is empty. */
    public static Map<String, String> streamLabels(String text) {
        SelectorParser p = new SelectorParser(text, 0, Notation.LOKI, true);
        Selector s = p.streamSelector();
        p.end();
        return s.labelMap();
    }

    /**
     * Alertmanager matchers: one ({@code severity=~"warning|critical"}), several separated by
     * commas, optionally in braces. {@code {}} is no matchers; an empty text is refused.
     */
    public static List<Matcher> alertmanager(String text) {
        return new SelectorParser(text, 0, Notation.ALERTMANAGER, false).alertmanagerMatchers();
    }

    private Selector promqlSelector() {
        int start = skipSpace();
        String metric = null;
        if (isMetricStart(peek())) {
            int at = pos;
            while (pos < text.length() && isMetricPart(text.charAt(pos))) {
                pos++;
            }
            metric = text.substring(at, pos);
            skipSpace();
        }
        if (peek() != '{') {
            if (metric == null) {
                throw error(pos, "expected a metric name or '{'" + found());
            }
            pos = start + metric.length(); // the selector ends at its name: what follows is the expression's
            return new Selector(metric, List.of());
        }
        List<Matcher> matchers = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        braced(matchers, at);
        for (int i = 0; i < matchers.size(); i++) {
            Matcher m = matchers.get(i);
            if (m.name().equals(LabelNames.METRIC_NAME_LABEL) && m.op() == MatchOp.EQUAL) {
                if (metric != null) {
                    throw error(at.get(i), "the metric name is given twice (" + metric + " and " + m + ")");
                }
                metric = m.value();
                matchers.remove(i);
                at.remove(i);
                i--;
            }
        }
        if (metric == null && matchers.stream().allMatch(Matcher::matchesEmpty)) {
            throw error(
                    start, "a selector needs a metric name or a label matcher that does not match the empty string");
        }
        return new Selector(metric, matchers);
    }

    private Selector streamSelector() {
        skipSpace();
        if (peek() != '{') {
            throw error(pos, "expected '{' (a stream selector has label matchers only)");
        }
        List<Matcher> matchers = new ArrayList<>();
        braced(matchers, new ArrayList<>());
        return new Selector(null, matchers);
    }

    /** {@code { m, m, }} from the opening brace on; an optional trailing comma, as PromQL allows. */
    private void braced(List<Matcher> out, List<Integer> at) {
        pos++;
        Set<String> names = new HashSet<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return;
            }
            if (pos >= text.length()) {
                throw error(pos, "expected '}'");
            }
            at.add(pos);
            Matcher m = matcher();
            if (labelsOnly && !names.add(m.name())) {
                throw error(at.get(at.size() - 1), "label " + m.name() + " given twice");
            }
            out.add(m);
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error(pos, "expected ',' or '}'" + found());
            }
        }
    }

    private List<Matcher> alertmanagerMatchers() {
        skipSpace();
        if (pos >= text.length()) {
            throw error(pos, "empty matcher");
        }
        boolean braced = peek() == '{';
        if (braced) {
            List<Matcher> out = new ArrayList<>();
            braced(out, new ArrayList<>());
            end();
            return out;
        }
        List<Matcher> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                return out; // after a trailing comma
            }
            out.add(matcher());
            skipSpace();
            if (pos >= text.length()) {
                return out;
            }
            if (peek() == '}') {
                throw error(pos, "unexpected '}' without a '{'");
            }
            if (peek() != ',') {
                throw error(pos, "expected ','" + found());
            }
            pos++;
        }
    }

    private Matcher matcher() {
        int nameAt = pos;
        String name;
        if (peek() == '"' && notation != Notation.LOKI) {
            QuotedString.Read r = QuotedString.read(text, pos); // Alertmanager and Prometheus 3 quote label names
            name = r.value();
            pos = r.end();
        } else {
            name = word();
        }
        if (name.isEmpty()) {
            throw error(nameAt, "expected a label name" + found());
        }
        if (!LabelNames.isLabelName(name)) {
            throw error(nameAt, LabelNames.invalidLabelName(name));
        }
        skipSpace();
        int opAt = pos;
        MatchOp op = operator();
        if (op == null) {
            throw error(opAt, "expected one of =, !=, =~, !~ after " + name + found());
        }
        if (labelsOnly && op != MatchOp.EQUAL) {
            throw error(opAt, "a label set has name=\"value\" pairs, not matchers (" + op.symbol() + ")");
        }
        skipSpace();
        int valueAt = pos;
        String value = value();
        try {
            return Matcher.of(name, op, value);
        } catch (IllegalArgumentException e) {
            throw error(valueAt, e.getMessage()); // the name was checked above: this is the regex
        }
    }

    private MatchOp operator() {
        for (MatchOp op : new MatchOp[] {MatchOp.REGEX, MatchOp.NOT_REGEX, MatchOp.NOT_EQUAL, MatchOp.EQUAL}) {
            if (text.startsWith(op.symbol(), pos)) {
                pos += op.symbol().length();
                return op;
            }
        }
        return null;
    }

    private String value() {
        char c = peek();
        boolean quote = switch (notation) {
            case PROMQL -> c == '"' || c == '\'' || c == '`';
            case LOKI -> c == '"' || c == '`';
            case ALERTMANAGER -> c == '"';
        };
        if (quote) {
            QuotedString.Read r = QuotedString.read(text, pos);
            pos = r.end();
            return r.value();
        }
        if (notation != Notation.ALERTMANAGER) {
            throw error(pos, "expected a quoted value" + found());
        }
        int at = pos;
        String bare = word();
        if (bare.isEmpty()) {
            throw error(at, "expected a value (write \"\" for the empty string)" + found());
        }
        return bare;
    }

    /** A run of characters that are neither space nor reserved: an unquoted name or value. */
    private String word() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || RESERVED.indexOf(c) >= 0) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private void end() {
        skipSpace();
        if (pos < text.length()) {
            throw error(pos, "unexpected '" + text.charAt(pos) + "' after the selector");
        }
    }

    private String found() {
        if (pos >= text.length()) {
            return ", found the end";
        }
        return ", found '" + new String(Character.toChars(text.codePointAt(pos))) + "'";
    }

    private static boolean isMetricStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isMetricPart(char c) {
        return isMetricStart(c) || (c >= '0' && c <= '9');
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private int skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private SelectorSyntaxException error(int at, String reason) {
        return new SelectorSyntaxException(text, at, reason);
    }
}
