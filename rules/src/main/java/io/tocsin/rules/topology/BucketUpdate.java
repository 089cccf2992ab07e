package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Partial;

/** What stage 1 tells stage 2: more samples for one bucket of a group's window. */
public record BucketUpdate(long bucketStart, Partial partial) {}
