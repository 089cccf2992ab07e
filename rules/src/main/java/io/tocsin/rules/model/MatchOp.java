package io.tocsin.rules.model;

/** Prometheus label-matcher operators. */
public enum MatchOp {
    EQ("="),
    NEQ("!="),
    RE("=~"),
    NRE("!~");

    private final String symbol;

    MatchOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
