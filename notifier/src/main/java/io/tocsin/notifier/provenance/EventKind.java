package io.tocsin.notifier.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a provenance event records; the wire names are the contract's ({@code /api/v1/alerts/{fp}/history}).
 * The binary form ({@link EventCodec}) writes a kind as its position: add new kinds at the end.
 */
public enum EventKind {
    FIRED,
    RESOLVED,
    ROUTED,
    SILENCED,
    UNSILENCED,
    INHIBITED,
    UNINHIBITED,
    MUTED,
    UNMUTED,
    DEDUPED,
    NOTIFIED,
    DELIVERY,
    ESCALATION,
    ACKNOWLEDGED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Silenced/unsilenced, inhibited/uninhibited and muted/unmuted each describe one state that flips. */
    EventKind family() {
        return switch (this) {
            case SILENCED, UNSILENCED -> SILENCED;
            case INHIBITED, UNINHIBITED -> INHIBITED;
            case MUTED, UNMUTED -> MUTED;
            default -> this;
        };
    }

    boolean opensMute() {
        return this == SILENCED || this == INHIBITED || this == MUTED;
    }
}
