package io.tocsin.ingest.samples;

import io.tocsin.core.json.Json;
import io.tocsin.ingest.text.StrictText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What every receiver checks of a series, whatever its wire format. Each method returns the
 * problem in words, or null when the input is fine, so that the caller adds its own path.
 */
public final class SeriesRules {
    // Prometheus' data model, so that rules and exporters agree on what a name is.
    public static final String METRIC_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    public static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    /**
     * Metric and label names longer than this are refused (as Mimir's max_label_name_length):
     * with the other limits it keeps every record well under Kafka's 1 MB record limit.
     */
    public static final int MAX_NAME_LENGTH = 1024;

    private SeriesRules() {}

    public static String metricNameProblem(String name) {
        String tooLong = lengthProblem("metric name", name);
        if (tooLong != null) {
            return tooLong;
        }
        if (!isName(name, true)) {
            return "invalid metric name " + quote(name) + " (must match " + METRIC_NAME + ")";
        }
        return null;
    }

    /** Names starting with __ are Prometheus' internal ones; a receiver that allows __name__ checks it first. */
    public static String labelNameProblem(String name) {
        String tooLong = lengthProblem("label name", name);
        if (tooLong != null) {
            return tooLong;
        }
        if (!isName(name, false)) {
            return "invalid label name (must match " + LABEL_NAME + ")";
        }
        if (name.startsWith("__")) {
            return "label names starting with __ are reserved";
        }
        return null;
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

    /** The two patterns above as a loop: they run for every label of every sample, and a regex costs 10x. */
    private static boolean isName(String name, boolean colons) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A client's text, JSON-quoted and cut short so that a refusal never echoes a whole body. */
    public static String quote(String text) {
        if (text.length() <= 64) {
            return Json.writeString(text);
        }
        int cut = Character.isHighSurrogate(text.charAt(63)) ? 63 : 64;
        return Json.writeString(text.substring(0, cut) + "…");
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
