package io.tocsin.notifier.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tocsin.core.wire.Labels;
import java.util.Comparator;
import java.util.Objects;

/**
 * One Prometheus label matcher: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. A missing
 * label matches as the empty string, and regexes are fully anchored, both as in Prometheus.
 * Regexes run on RE2/J, linear in the input, so a user's pattern cannot stall dispatch.
 */
public final class Matcher {

    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Alertmanager's order (name, then operator, then value): it makes route keys stable. */
    public static final Comparator<Matcher> ORDER = Comparator.comparing(Matcher::name)
            .thenComparing(Matcher::op)
            .thenComparing(Matcher::value);

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    private Matcher(String name, Op op, String value, Pattern pattern) {
        this.name = name;
        this.op = op;
        this.value = value;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for an invalid label name or regular expression */
    public static Matcher of(String name, Op op, String value) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (name == null || !MatcherParser.isLabelName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid label name");
        }
        Pattern pattern = null;
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + value + "\": " + e.getDescription());
            }
        }
        return new Matcher(name, op, value, pattern);
    }

    public static Matcher equal(String name, String value) {
        return of(name, Op.EQUAL, value);
    }

    public static Matcher regex(String name, String value) {
        return of(name, Op.REGEX, value);
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && name.equals(m.name) && op == m.op && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /** {@code name="value"}, quoted and escaped the way Alertmanager prints route keys. */
    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
