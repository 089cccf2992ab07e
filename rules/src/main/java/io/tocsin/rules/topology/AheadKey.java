package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/** A part of one push held by stage 2 until the push is whole: one bucket of one ring, of one writer's push. */
public record AheadKey(String inputId, Labels group, long bucketStart, String writer, long arrivalMs) {
    @Override
    public int hashCode() {
        return KeyHash.of(inputId, group, bucketStart) * 31 + Long.hashCode(arrivalMs);
    }

    RingKey ring() {
        return new RingKey(inputId, group);
    }
}
