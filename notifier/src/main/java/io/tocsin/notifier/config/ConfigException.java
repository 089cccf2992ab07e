package io.tocsin.notifier.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The config cannot be used. Carries every problem found, each as {@code file:line:col: what is
 * wrong}, so one run of the checker shows them all. Messages never contain secret values.
 */
public final class ConfigException extends RuntimeException {

    /** One thing wrong, and where. */
    public record Problem(Mark mark, String message) {
        @Override
        public String toString() {
            return mark + ": " + message;
        }
    }

    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
