package io.tocsin.rules.encoding;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Serde over a {@link Codec}, for the rules topology's own stores and repartition topic
 * (never a shared topic: those stay JSON). Every value starts with a format byte, so a future
 * layout can be told apart from this one, and a value that does not decode fully is an error.
 */
public final class BinarySerde<T> implements Serde<T> {
    /** Format 1; JSON could never start with it. */
    static final int FORMAT = 0xB1;

    private final String name;
    private final Codec<T> codec;
    private final int sizeHint;

    private BinarySerde(String name, Codec<T> codec, int sizeHint) {
        this.name = name;
        this.codec = codec;
        this.sizeHint = sizeHint;
    }

    public static <T> BinarySerde<T> of(String name, Codec<T> codec, int sizeHint) {
        return new BinarySerde<>(name, codec, sizeHint);
    }

    public byte[] encode(T value) {
        ByteWriter out = new ByteWriter(sizeHint).writeByte(FORMAT);
        codec.write(out, value);
        return out.toByteArray();
    }

    public T decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown format byte 0x" + Integer.toHexString(format));
        }
        T value = codec.read(in);
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after a " + name);
        }
        return value;
    }

    /** The last value encoded and its bytes: stage 1 forwards one partial to several rules in a row. */
    private record Encoded(Object value, byte[] bytes) {}

    private volatile Encoded last = new Encoded(null, null);

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Encoded e = last;
            if (e.value() != value) { // the very same instance: values are immutable records
                e = new Encoded(value, encode(value));
                last = e;
            }
            return e.bytes();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decode(bytes);
            } catch (RuntimeException e) {
                throw new SerializationException("not a valid " + name + " on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
