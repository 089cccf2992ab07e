package io.tocsin.rules.model;

import java.util.Locale;

/**
 * What a group's state machine does when its window holds no data: an exporter that died
 * should not look like a recovery unless the rule says so.
 */
public enum MissingData {
    /** Treat as the condition not holding: pending and firing alerts resolve (Prometheus' behaviour). */
    RESOLVE,
    /** Change nothing: a pending clock keeps running, a firing alert keeps firing. */
    KEEP,
    /** Treat as the condition holding: silence is an alarm. */
    ALERT;

    public static MissingData parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
