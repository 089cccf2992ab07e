package io.tocsin.rules.encoding;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote; a truncated or malformed input is an {@link IllegalArgumentException}. */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long readLong() {
        long v = readVarint();
        return (v >>> 1) ^ -(v & 1);
    }

    public long readVarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at " + pos);
    }

    /** A count or length: a varint that must fit what is left of the input. */
    public int readSize() {
        long n = readVarint();
        if (n < 0 || n > buf.length - pos) {
            throw new IllegalArgumentException(
                    "size " + n + " exceeds the " + (buf.length - pos) + " bytes left at " + pos);
        }
        return (int) n;
    }

    public double readDouble() {
        need(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        int n = readSize();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public boolean atEnd() {
        return pos == buf.length;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new IllegalArgumentException(
                    "input ends at " + buf.length + " bytes, " + n + " more needed at " + pos);
        }
    }
}
