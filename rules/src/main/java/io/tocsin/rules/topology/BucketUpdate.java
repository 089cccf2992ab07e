package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;

/**
 * What stage 1 tells stage 2: more input for one bucket of one input's group.
 *
 * @param partial null for a heartbeat: stage 2 is to watch the group for absence even with no data
 */
public record BucketUpdate(String inputId, Labels group, long bucketStart, Partial partial) {}
