package io.tocsin.rules.model;

import com.google.re2j.Pattern;
import io.tocsin.core.wire.Labels;

/**
 * One label matcher. Regexes are anchored like Prometheus' and run on RE2/J, whose matching
 * time is linear in the input: a user's regex cannot stall evaluation.
 */
public record LabelMatcher(String name, MatchOp op, String value, Pattern pattern) {

    public static LabelMatcher of(String name, MatchOp op, String value) {
        Pattern p = (op == MatchOp.RE || op == MatchOp.NRE) ? Pattern.compile("^(?:" + value + ")$") : null;
        return new LabelMatcher(name, op, value, p);
    }

    /** A label that is absent counts as the empty string, as in Prometheus. */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        String actual = v == null ? "" : v;
        return switch (op) {
            case EQ -> actual.equals(value);
            case NEQ -> !actual.equals(value);
            case RE -> pattern.matches(actual);
            case NRE -> !pattern.matches(actual);
        };
    }

    @Override
    public String toString() {
        return name + op.symbol() + '"' + value + '"';
    }
}
