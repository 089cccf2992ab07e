package io.tocsin.core.label;

/** The four label-matcher operators of PromQL, Alertmanager and LogQL. */
public enum MatchOp {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    MatchOp(String symbol) {
        this.symbol = symbol;
    }

    /** In Alertmanager API v2's terms: a silence matcher's {@code isRegex} and {@code isEqual}. */
    public static MatchOp of(boolean isRegex, boolean isEqual) {
        if (isRegex) {
            return isEqual ? REGEX : NOT_REGEX;
        }
        return isEqual ? EQUAL : NOT_EQUAL;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }

    /** True for = and =~, false for the negated != and !~. */
    public boolean isEqual() {
        return this == EQUAL || this == REGEX;
    }
}
