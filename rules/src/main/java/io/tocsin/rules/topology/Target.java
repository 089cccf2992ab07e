package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;

/**
 * An input's group as stage 1 combines into it. Stage 1 keeps one instance per (input, group)
 * and remembers it per series, so a sample finds its partial by identity and a precomputed
 * hash: walking label maps at every sample was a fifth of the evaluation's time.
 */
final class Target {
    final String inputId;
    final Labels group;
    final int hash;
    /** The partial {@link CombineBuffer} is gathering for this target's current bucket; null when none. */
    Partial open;

    long openBucket;
    /** The push the open partial is of, for a share judged by arrival; null and 0 otherwise. */
    String openWriter;

    long openArrival;

    Target(String inputId, Labels group) {
        this.inputId = inputId;
        this.group = group;
        this.hash = KeyHash.of(inputId, group);
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof Target t && hash == t.hash && inputId.equals(t.inputId) && group.equals(t.group);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
