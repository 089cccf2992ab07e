package io.tocsin.rules.parse;

import java.util.ArrayList;
import java.util.List;

/** The errors found so far while reading a rule set. */
final class Problems {
    private final List<RuleError> errors = new ArrayList<>();

    void add(RuleError e) {
        errors.add(e);
    }

    List<RuleError> all() {
        return List.copyOf(errors);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }
}
