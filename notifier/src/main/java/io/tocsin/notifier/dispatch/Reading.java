package io.tocsin.notifier.dispatch;

import java.io.EOFException;
import java.nio.ByteBuffer;

/** Reads what {@link Bytes} wrote; a value cut short is an EOFException, as DataInputStream's. */
record Reading(ByteBuffer buf) {
    ByteBuffer need(int n) throws EOFException {
        if (buf.remaining() < n) {
            throw new EOFException();
        }
        return buf;
    }

    byte readByte() throws EOFException {
        return need(1).get();
    }

    boolean readBoolean() throws EOFException {
        return readByte() != 0;
    }

    int readInt() throws EOFException {
        return need(4).getInt();
    }

    long readLong() throws EOFException {
        return need(8).getLong();
    }

    double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    void readFully(byte[] b) throws EOFException {
        need(b.length).get(b);
    }
}
