package io.tocsin.ingest.samples;

import java.time.Duration;

/**
 * What a sample may look like beyond its syntax.
 *
 * @param maxFutureSkew how far ahead of our clock a timestamp may be; Kafka 4 itself rejects
 *     record timestamps more than 1 h in the future, so this must stay below that
 */
public record SampleLimits(
        int maxLabelsPerSample, int maxLabelValueLength, Duration maxSampleAge, Duration maxFutureSkew) {}
