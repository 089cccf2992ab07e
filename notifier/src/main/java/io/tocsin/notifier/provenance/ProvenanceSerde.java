package io.tocsin.notifier.provenance;

import io.tocsin.core.json.JsonSerde;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Provenance events (tocsin.provenance.v1) and histories (the history store) in {@link EventCodec}'s
 * binary form, read back from either that form or the JSON written before it: events already on
 * the topic and histories already in the store when an instance upgrades are read, and histories
 * are rewritten in the new form as they change.
 */
public final class ProvenanceSerde<T> implements Serde<T> {
    private final Class<T> type;
    private final Function<T, byte[]> encode;
    private final Function<byte[], T> decode;
    private final Deserializer<T> legacy;

    private ProvenanceSerde(Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode) {
        this.type = type;
        this.encode = encode;
        this.decode = decode;
        this.legacy = JsonSerde.of(type).deserializer();
    }

    public static ProvenanceSerde<ProvenanceEvent> events() {
        return new ProvenanceSerde<>(ProvenanceEvent.class, EventCodec::event, EventCodec::readEvent);
    }

    static ProvenanceSerde<History> histories() {
        return new ProvenanceSerde<>(History.class, EventCodec::history, EventCodec::readHistory);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (EventCodec.isLegacy(bytes)) {
                return legacy.deserialize(topic, bytes);
            }
            try {
                return decode.apply(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic, e);
            }
        };
    }
}
