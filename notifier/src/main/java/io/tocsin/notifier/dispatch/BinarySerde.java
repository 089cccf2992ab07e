package io.tocsin.notifier.dispatch;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A dispatch value in {@link GroupCodec}'s binary form, read back from either that form or the
 * JSON written before it (a value starting with '{'): records already in a store or a
 * repartition topic when an instance upgrades are read, and rewritten in the new form as they
 * change, under the same application id.
 */
final class BinarySerde<T> implements Serde<T> {
    private final Function<T, byte[]> encode;
    private final Function<byte[], T> decode;
    private final Deserializer<T> legacy;

    private BinarySerde(Class<T> type, Function<T, byte[]> encode, Function<byte[], T> decode) {
        this.encode = encode;
        this.decode = decode;
        this.legacy = StateSerde.of(type).deserializer();
    }

    static BinarySerde<Memberships> memberships() {
        return new BinarySerde<>(Memberships.class, GroupCodec::memberships, GroupCodec::readMemberships);
    }

    static BinarySerde<Routed> routed() {
        return new BinarySerde<>(Routed.class, GroupCodec::routed, GroupCodec::readRouted);
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
            return GroupCodec.isLegacy(bytes) ? legacy.deserialize(topic, bytes) : decode.apply(bytes);
        };
    }
}
