package io.tocsin.notifier.provenance;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.json.JsonSerde;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Provenance events (tocsin.provenance.v1: single events from the delivery worker, one alert's
 * {@link AlertEvents} from the dispatch) and histories (the history store) in {@link EventCodec}'s
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

    /**
     * The topic's values as the history reads them: one alert's events, in the batch form, the
     * single-event form or the JSON before both (a batch of one).
     */
    public static CompactSerde<AlertEvents> alertEvents() {
        Deserializer<ProvenanceEvent> json = JsonSerde.of(ProvenanceEvent.class).deserializer();
        return CompactSerde.of(
                AlertEvents.class,
                EventCodec::events,
                EventCodec::readEvents,
                (topic, bytes) -> AlertEvents.of(json.deserialize(topic, bytes)));
    }

    static CompactSerde<History> histories() {
        return CompactSerde.of(
                History.class,
                EventCodec::history,
                EventCodec::readHistory,
                JsonSerde.of(History.class).deserializer());
    }
}
