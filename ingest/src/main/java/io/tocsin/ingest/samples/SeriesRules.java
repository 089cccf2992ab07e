package io.tocsin.ingest.samples;

import io.tocsin.core.label.LabelNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What every receiver checks of a series, whatever its wire format, beyond the names
 * ({@link LabelNames}): values, counts and timestamps within this ingest's limits. Each method
 * returns the problem in words, or null when the input is fine, so that the caller adds its own path.
 */
public final class SeriesRules {
    private SeriesRules() {}

    public static String labelValueProblem(String value, SampleLimits limits) {
        if (value.isEmpty()) {
            // Prometheus treats an empty value as an absent label: two spellings of one series.
            return "label value must not be empty (leave the label out instead)";
        }
        int length = value.codePointCount(0, value.length());
        if (length > limits.maxLabelValueLength()) {
            return "label value is " + length + " characters, at most " + limits.maxLabelValueLength() + " allowed";
        }
        return null;
    }

    public static String labelCountProblem(int count, SampleLimits limits) {
        if (count > limits.maxLabelsPerSample()) {
            return count + " labels, at most " + limits.maxLabelsPerSample() + " allowed";
        }
        return null;
    }

    /** @param unitHint appended to the problem, e.g. " (numbers are Unix milliseconds)" */
    public static String timestampProblem(long ms, long nowMs, SampleLimits limits, String unitHint) {
        if (ms < nowMs - limits.maxSampleAge().toMillis()) {
            return instant(ms) + " is older than " + human(limits.maxSampleAge()) + unitHint;
        }
        if (ms > nowMs + limits.maxFutureSkew().toMillis()) {
            return instant(ms) + " is more than " + human(limits.maxFutureSkew()) + " in the future" + unitHint;
        }
        return null;
    }

    /** A client's text, JSON-quoted and cut short so that a refusal never echoes a whole body. */
    public static String quote(String text) {
        return LabelNames.quote(text);
    }

    static String instant(long ms) {
        try {
            return Instant.ofEpochMilli(ms).toString();
        } catch (RuntimeException e) {
            return ms + " ms";
        }
    }

    /** PT1H → 1h, PT10M → 10m, PT1H30M → 1h30m. */
    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
