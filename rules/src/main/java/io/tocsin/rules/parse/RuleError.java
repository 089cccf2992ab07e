package io.tocsin.rules.parse;

/** One problem in a rule file, located like a compiler error: {@code file:line:col: message}. */
public record RuleError(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
