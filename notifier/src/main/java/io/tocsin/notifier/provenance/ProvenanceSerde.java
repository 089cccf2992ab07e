package io.tocsin.notifier.provenance;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.json.JsonSerde;

/**
 * Provenance events (tocsin.provenance.v1) and histories (the history store) in {@link EventCodec}'s
 * binary form, read back from either that form or the JSON written before it: events already on
 * the topic and histories already in the store when an instance upgrades are read, and histories
 * are rewritten in the new form as they change.
 */
public final class ProvenanceSerde {
    private ProvenanceSerde() {}

    public static CompactSerde<ProvenanceEvent> events() {
        return CompactSerde.of(
                ProvenanceEvent.class,
                EventCodec::event,
                EventCodec::readEvent,
                JsonSerde.of(ProvenanceEvent.class).deserializer());
    }

    static CompactSerde<History> histories() {
        return CompactSerde.of(
                History.class,
                EventCodec::history,
                EventCodec::readHistory,
                JsonSerde.of(History.class).deserializer());
    }
}
