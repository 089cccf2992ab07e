package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/**
 * One bucket of a stage-2 window ring, as its store keys it.
 *
 * @param inputId the {@link InputShare} it is for: the rules that read a sample alike, or one log rule
 */
public record BucketKey(String inputId, Labels group, long bucketStart) {
    @Override
    public int hashCode() {
        return KeyHash.of(inputId, group, bucketStart);
    }
}
