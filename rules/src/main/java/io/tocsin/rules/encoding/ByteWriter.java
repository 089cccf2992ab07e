package io.tocsin.rules.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable buffer for the rules' binary state format: varints, raw doubles, UTF-8 strings. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public ByteWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    /** Zig-zag varint: small magnitudes of either sign take few bytes. */
    public ByteWriter writeLong(long v) {
        return writeVarint((v << 1) ^ (v >> 63));
    }

    public ByteWriter writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter writeDouble(double d) {
        ensure(8);
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (bits >>> (8 * i));
        }
        return this;
    }

    public ByteWriter writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
