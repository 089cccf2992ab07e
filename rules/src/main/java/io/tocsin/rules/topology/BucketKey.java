package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/**
 * One bucket of one input's group: a partial being combined in stage 1, or a bucket of a window
 * ring in stage 2.
 *
 * @param inputId the {@link InputShare} it is for: the rules that read a sample alike, or one log rule
 */
public record BucketKey(String inputId, Labels group, long bucketStart) {
    @Override
    public int hashCode() {
        return KeyHash.of(inputId, group, bucketStart);
    }
}
