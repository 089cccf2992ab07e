package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/**
 * A partial aggregate being combined in stage 1 before it is forwarded.
 *
 * @param ruleId the rule it is for, or the id of an {@link InputShare} for all the rules sharing it
 */
public record BucketKey(String ruleId, Labels group, long bucketStart) {}
