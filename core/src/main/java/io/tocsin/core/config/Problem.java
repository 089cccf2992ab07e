package io.tocsin.core.config;

/**
 * One thing wrong in a config source, and where. Every loader (rule files, the notifier config, the
 * ingest collectors, tokens and webhooks files) reports through this type, so a mistake reads the
 * same wherever it is made: {@code file:line:col: what is wrong}. Messages never hold secret values.
 */
public record Problem(Mark mark, String message) {

    public Problem {
        if (mark == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a problem needs a place and a message");
        }
    }

    public static Problem at(String source, int line, int column, String message) {
        return new Problem(new Mark(source, line, column), message);
    }

    public String source() {
        return mark.source();
    }

    public int line() {
        return mark.line();
    }

    public int column() {
        return mark.column();
    }

    @Override
    public String toString() {
        return mark + ": " + message;
    }
}
