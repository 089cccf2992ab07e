package io.tocsin.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config source cannot be used. Carries every problem found, so one run of a checker shows them
 * all; its message is one {@code file:line:col: reason} line per problem.
 */
public final class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
