package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/** A window ring of stage 2: one per (input, group), read by every rule of that input. */
record RingKey(String inputId, Labels group) {
    @Override
    public int hashCode() {
        return KeyHash.of(inputId, group);
    }
}
