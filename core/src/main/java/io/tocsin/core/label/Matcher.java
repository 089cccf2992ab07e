package io.tocsin.core.label;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tocsin.core.wire.Labels;
import java.util.Comparator;
import java.util.Objects;

/**
 * One label matcher: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. A missing label
 * matches as the empty string, and a regex is fully anchored, {@code ^(?s:re)$}, as in
 * Prometheus 3 (where {@code .} also matches a newline). Regexes run on RE2/J, linear in the
 * input, so a user's pattern cannot stall evaluation or dispatch.
 *
 * @param pattern compiled from the value for the regex operators, null otherwise; whatever is
 *                passed is replaced, so construct with {@link #of}
 */
public record Matcher(String name, MatchOp op, String value, Pattern pattern) {

    /** Alertmanager's order (name, then operator, then value): it makes route keys stable. */
    public static final Comparator<Matcher> ORDER =
            Comparator.comparing(Matcher::name).thenComparing(Matcher::op).thenComparing(Matcher::value);

    /** @throws IllegalArgumentException for an invalid label name or regular expression */
    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (!LabelNames.isLabelName(name)) {
            throw new IllegalArgumentException(LabelNames.invalidLabelName(name));
        }
        pattern = op.isRegex() ? compile(value) : null;
    }

    /** @throws IllegalArgumentException for an invalid label name or regular expression */
    public static Matcher of(String name, MatchOp op, String value) {
        return new Matcher(name, op, value, null);
    }

    public static Matcher equal(String name, String value) {
        return of(name, MatchOp.EQUAL, value);
    }

    public static Matcher regex(String name, String value) {
        return of(name, MatchOp.REGEX, value);
    }

    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return matchesValue(v == null ? "" : v);
    }

    /** Whether a label value (empty for a missing label) satisfies this matcher. */
    public boolean matchesValue(String actual) {
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matches(actual);
            case NOT_REGEX -> !pattern.matches(actual);
        };
    }

    /** A matcher that a missing label satisfies cannot, alone, pick series out (PromQL and LogQL refuse it). */
    public boolean matchesEmpty() {
        return matchesValue("");
    }

    /** The pattern is derived from the value, so it takes no part in equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && name.equals(m.name) && op == m.op && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /** {@code name="value"}, quoted and escaped so that the parser reads it back (Alertmanager's route keys). */
    @Override
    public String toString() {
        return name
                + op.symbol()
                + '"'
                + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + '"';
    }

    private static Pattern compile(String value) {
        try {
            return Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid regular expression " + LabelNames.quote(value) + ": " + e.getDescription());
        }
    }
}
