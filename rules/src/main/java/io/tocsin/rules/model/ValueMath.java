package io.tocsin.rules.model;

import java.util.List;

/**
 * Scalar arithmetic applied to a rule's aggregate value before the condition sees it, in the order
 * PromQL applies it ({@code rate(x[5m]) * 100 > 1}: the value times 100, compared with 1). The
 * threshold is left as written rather than divided: {@code v * 100 > 1} and {@code v > 0.01} differ
 * in the last bit for some v, and {@code $value} in annotations must be the value Prometheus shows.
 */
public record ValueMath(List<Step> steps) {
    public static final ValueMath NONE = new ValueMath(List.of());

    /** One operation with a constant; {@code constantFirst} for {@code 100 - v}, {@code 1 / v}. */
    public record Step(char op, double constant, boolean constantFirst) {
        public Step {
            if ("+-*/".indexOf(op) < 0) {
                throw new IllegalArgumentException("unknown arithmetic operator " + op);
            }
        }

        public double applyTo(double v) {
            double a = constantFirst ? constant : v;
            double b = constantFirst ? v : constant;
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> a / b;
            };
        }

        @Override
        public String toString() {
            return constantFirst ? constant + " " + op + " v" : "v " + op + " " + constant;
        }
    }

    public ValueMath {
        steps = List.copyOf(steps);
    }

    public double apply(double v) {
        for (Step s : steps) {
            v = s.applyTo(v);
        }
        return v;
    }

    public ValueMath then(Step step) {
        List<Step> more = new java.util.ArrayList<>(steps);
        more.add(step);
        return new ValueMath(more);
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
