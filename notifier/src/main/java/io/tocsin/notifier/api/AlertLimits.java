package io.tocsin.notifier.api;

/**
 * What one posted alert may hold. Each alert becomes one Kafka record (at most 1 MB), so an
 * oversized alert is the client's mistake, answered 400 naming the alert and the limit, not a
 * Kafka refusal that would read as an outage. Prometheus' alerts are far inside these bounds.
 */
final class AlertLimits {
    static final int MAX_LABELS = 128;
    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_LABEL_VALUE_LENGTH = 4096;
    /** Annotations (names and values together): room for a long description and runbook. */
    static final int MAX_ANNOTATION_CHARS = 64 * 1024;

    private AlertLimits() {}

    /** The problem with one alert's labels and annotations, or null when they fit. */
    static String problem(java.util.Map<String, String> labels, java.util.Map<String, String> annotations) {
        if (labels.size() > MAX_LABELS) {
            return "labels: " + labels.size() + " labels, at most " + MAX_LABELS + " allowed";
        }
        for (var e : labels.entrySet()) {
            if (e.getKey().length() > MAX_NAME_LENGTH) {
                return "labels: a label name is " + e.getKey().length() + " characters, at most " + MAX_NAME_LENGTH
                        + " allowed";
            }
            if (e.getValue().length() > MAX_LABEL_VALUE_LENGTH) {
                return "labels." + e.getKey() + " is " + e.getValue().length() + " characters, at most "
                        + MAX_LABEL_VALUE_LENGTH + " allowed";
            }
        }
        long chars = 0;
        for (var e : annotations.entrySet()) {
            chars += e.getKey().length() + e.getValue().length();
        }
        if (chars > MAX_ANNOTATION_CHARS) {
            return "annotations: " + chars + " characters in all, at most " + MAX_ANNOTATION_CHARS + " allowed";
        }
        return null;
    }
}
