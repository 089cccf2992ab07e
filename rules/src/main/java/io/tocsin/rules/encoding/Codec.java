package io.tocsin.rules.encoding;

/** How one type is laid out in the rules' binary state format. */
public interface Codec<T> {
    void write(ByteWriter out, T value);

    T read(ByteReader in);
}
