package io.tocsin.core.json;

import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value in a compact binary form of its own, read back from that form or from the JSON written
 * before it (a value starting with '{'): records already in a store or on a topic when an
 * instance upgrades are still read, and are rewritten in the binary form as they change. A binary
 * form must therefore never start with '{' (its first byte is a version).
 */
public final class CompactSerde<T> implements Serde<T> {
    private final Class<T> type;
    private final Function<T, byte[]> encode;
    private final Function<byte[], T> decode;
    private final Deserializer<T> json;

    private CompactSerde(Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode, Deserializer<T> json) {
        this.type = type;
        this.encode = encode;
        this.decode = decode;
        this.json = json;
    }

    /** @param json reads the JSON written before the binary form */
    public static <T> CompactSerde<T> of(
            Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode, Deserializer<T> json) {
        return new CompactSerde<>(type, encode, decode, json);
    }

    /** Whether a value is JSON written before the binary form. */
    public static boolean isJson(byte[] value) {
        return value.length > 0 && value[0] == '{';
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
            if (isJson(bytes)) {
                return json.deserialize(topic, bytes);
            }
            try {
                return decode.apply(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic, e);
            }
        };
    }
}
