package io.tocsin.core.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The states an alert moves through; every change is one record on tocsin.alerts.v1. */
public enum AlertState {
    PENDING,
    FIRING,
    RESOLVED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
