package io.tocsin.rules.model;

import java.util.Locale;

/** How the samples of a window are reduced to the one value the condition looks at. */
public enum Aggregation {
    SUM,
    AVG,
    MIN,
    MAX,
    COUNT,
    LAST;

    public static Aggregation parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
