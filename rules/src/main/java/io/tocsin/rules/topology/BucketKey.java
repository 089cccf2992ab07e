package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/** A partial aggregate being combined in stage 1 before it is forwarded. */
public record BucketKey(String ruleId, Labels group, long bucketStart) {}
