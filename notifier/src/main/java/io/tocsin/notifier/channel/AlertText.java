package io.tocsin.notifier.channel;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import java.util.TreeMap;

/** The bits of an alert every human-readable channel shows, formatted the same way everywhere. */
public final class AlertText {
    private AlertText() {}

    public static String name(Alert alert) {
        return alert.name().isEmpty() ? "(no alertname)" : alert.name();
    }

    /** The labels without alertname, which is already in the title. */
    public static Labels otherLabels(Alert alert) {
        TreeMap<String, String> m = new TreeMap<>(alert.labels().map());
        m.remove("alertname");
        return new Labels(m);
    }

    /** The value as people write it ({@code 0.97}, {@code 3}), or null when unknown. */
    public static String value(Alert alert) {
        double v = alert.value();
        if (Double.isNaN(v)) {
            return null;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    public static String annotation(Alert alert, String name) {
        String v = alert.annotations().get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The runbook link when it can be followed from a message (http or https), else null. */
    public static String runbook(Alert alert) {
        String v = annotation(alert, RunbookLinks.ANNOTATION);
        return v != null && (v.startsWith("https://") || v.startsWith("http://")) ? v : null;
    }
}
