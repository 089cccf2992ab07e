package io.tocsin.core.label;

import io.tocsin.core.json.Json;

/**
 * What a metric name and a label name are, Prometheus' data model written once: ingest refuses
 * what rules could never select, and a matcher cannot name a label no series can carry.
 * The checks are loops rather than regexes: they run for every label of every ingested sample.
 */
public final class LabelNames {
    public static final String METRIC_NAME_SYNTAX = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    public static final String LABEL_NAME_SYNTAX = "[a-zA-Z_][a-zA-Z0-9_]*";
    /** The label that carries the metric name in Prometheus' wire formats and selectors. */
    public static final String METRIC_NAME_LABEL = "__name__";

    private LabelNames() {}

    public static boolean isMetricName(String name) {
        return isName(name, true);
    }

    public static boolean isLabelName(String name) {
        return isName(name, false);
    }

    /** Names starting with __ are Prometheus' internal ones (__name__, __address__...). */
    public static boolean isReserved(String name) {
        return name.startsWith("__");
    }

    /** The problem with a metric name in words, or null when it is fine. */
    public static String metricNameProblem(String name) {
        return isMetricName(name)
                ? null
                : "invalid metric name " + quote(name) + " (must match " + METRIC_NAME_SYNTAX + ")";
    }

    /** The problem with a label name, or null; the name itself is left out because callers' paths carry it. */
    public static String labelNameProblem(String name) {
        return isLabelName(name) ? null : "invalid label name (must match " + LABEL_NAME_SYNTAX + ")";
    }

    /** As {@link #labelNameProblem} and also refusing the reserved __ prefix: for labels a client sets. */
    public static String userLabelNameProblem(String name) {
        String problem = labelNameProblem(name);
        if (problem == null && isReserved(name)) {
            return "label names starting with __ are reserved";
        }
        return problem;
    }

    /**
     * As {@link #userLabelNameProblem} with the name in the message, for config files whose
     * problem is placed at the name itself rather than under a path that carries it.
     */
    public static String namedUserLabelNameProblem(String name) {
        if (!isLabelName(name)) {
            return invalidLabelName(name);
        }
        return isReserved(name)
                ? "label name " + quote(name) + " is reserved (names starting with __ are Prometheus' own)"
                : null;
    }

    /** The problem with a label name where no path names it, as in a matcher. */
    public static String invalidLabelName(String name) {
        return "invalid label name " + quote(name) + " (must match " + LABEL_NAME_SYNTAX + ")";
    }

    /** A client's text, JSON-quoted and cut short so that a refusal never echoes a whole body. */
    public static String quote(String text) {
        if (text.length() <= 64) {
            return Json.writeString(text);
        }
        int cut = Character.isHighSurrogate(text.charAt(63)) ? 63 : 64;
        return Json.writeString(text.substring(0, cut) + "…");
    }

    private static boolean isName(String name, boolean colons) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || (colons && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
