package io.tocsin.ingest.samples;

import io.tocsin.core.label.LabelNames;
import io.tocsin.ingest.text.StrictText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What every receiver checks of a series, whatever its wire format, beyond the names
 * ({@link LabelNames}): values, counts and timestamps within this ingest's limits. Each method
 * returns the problem in words, or null when the input is fine, so that the caller adds its own path.
 */
public final class SeriesRules {
    /**
     * Metric and label names longer than this are refused (as Mimir's max_label_name_length):
     * with the other limits it keeps every record well under Kafka's 1 MB record limit.
     */
    public static final int MAX_NAME_LENGTH = 1024;

    private SeriesRules() {}

    /** Core's metric-name rule, after this ingest's length limit. */
    public static String metricNameProblem(String name) {
        String tooLong = lengthProblem("metric name", name);
        return tooLong != null ? tooLong : LabelNames.metricNameProblem(name);
    }

    /**
     * Core's label-name rule for labels a client sends (names starting with __ are reserved), after
     * this ingest's length limit. A receiver that allows __name__ checks it first.
     */
    public static String labelNameProblem(String name) {
        String tooLong = lengthProblem("label name", name);
        return tooLong != null ? tooLong : LabelNames.userLabelNameProblem(name);
    }

    public static String labelValueProblem(String value, SampleLimits limits) {
        if (value.isEmpty()) {
            // Prometheus treats an empty value as an absent label: two spellings of one series.
            return "label value must not be empty (leave the label out instead)";
        }
        int length = value.codePointCount(0, value.length());
        if (length > limits.maxLabelValueLength()) {
            return "label value is " + length + " characters, at most " + limits.maxLabelValueLength() + " allowed";
        }
        String text = StrictText.textProblem(value, false);
        return text == null ? null : "label value " + text;
    }

    private static String lengthProblem(String what, String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return what + " is " + name.length() + " characters, at most " + MAX_NAME_LENGTH + " allowed";
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
