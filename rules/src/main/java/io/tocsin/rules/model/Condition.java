package io.tocsin.rules.model;

/** A comparison against a threshold, such as {@code > 0.01}. */
public record Condition(Comparison op, double threshold) {

    public boolean test(double value) {
        return op.test(value, threshold);
    }

    @Override
    public String toString() {
        return op.symbol() + " " + threshold;
    }
}
