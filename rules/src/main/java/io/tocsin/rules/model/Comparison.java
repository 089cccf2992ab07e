package io.tocsin.rules.model;

/** PromQL's comparison operators. NaN compares false with everything but for {@code !=}, as in PromQL. */
public enum Comparison {
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    EQ("=="),
    NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold; // NaN != x holds, as in Go and PromQL
        };
    }

    public static Comparison fromSymbol(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s)) {
                return c;
            }
        }
        return null;
    }
}
