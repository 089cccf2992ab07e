package io.tocsin.notifier.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON bytes written into chunks of {@link #CHUNK} bytes, for answers of tens of megabytes: no
 * array of the whole answer (a humongous allocation per GET, and a full copy each time it grew),
 * and the chunks go to the socket as they are. Strings are written as Jackson's generator writes
 * them (the escapes of {@link JsonStringEncoder}, UTF-8), with a fast path for the printable
 * ASCII text labels nearly always are: a generator's per-character escape checks were the
 * largest part of a 100,000-alert answer. Each chunk's array becomes the buffer sent, uncopied.
 */
final class JsonChunks {
    /** Below G1's humongous threshold for heaps of 1 GB and more (half a 1 MB region). */
    static final int CHUNK = 256 * 1024;

    private final List<Buffer> chunks = new ArrayList<>();
    private byte[] current;
    private int at;
    private long length;

    JsonChunks() {
        this(CHUNK);
    }

    /** @param chunk the size of each chunk: small for a writer of small pieces ({@link #cut}) */
    JsonChunks(int chunk) {
        this.current = new byte[chunk];
    }

    /** Constant text (field names, punctuation), already valid JSON. */
    static byte[] raw(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    JsonChunks raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    JsonChunks raw(byte[] bytes, int from, int count) {
        int off = from;
        int end = from + count;
        while (off < end) {
            if (at == current.length) {
                flush();
            }
            int n = Math.min(end - off, current.length - at);
            System.arraycopy(bytes, off, current, at, n);
            at += n;
            off += n;
        }
        return this;
    }

    JsonChunks raw(char c) {
        if (at == current.length) {
            flush();
        }
        current[at++] = (byte) c;
        return this;
    }

    /** A JSON string: quoted, escaped as Jackson escapes it. */
    JsonChunks string(String s) {
        int n = s.length();
        if (current.length - at < n + 2) {
            if (n + 2 > current.length) {
                raw('"').raw(JsonStringEncoder.getInstance().quoteAsUTF8(s)).raw('"');
                return this;
            }
            flush();
        }
        byte[] b = current;
        int start = at;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                at = start;
                raw('"').raw(JsonStringEncoder.getInstance().quoteAsUTF8(s)).raw('"');
                return this;
            }
            b[at++] = (byte) c;
        }
        b[at++] = '"';
        return this;
    }

    /** Bytes written since the last {@link #take}. */
    long written() {
        return length + at;
    }

    /**
     * What was written since the last take, in chunks; the writer goes on in a new array: an answer
     * streamed a chunk at a time holds the chunks not yet sent, not the whole answer.
     */
    List<Buffer> take() {
        if (at > 0) {
            flush();
        }
        List<Buffer> out = List.copyOf(chunks);
        chunks.clear();
        length = 0;
        return out;
    }

    /** What was written since the last take or cut, in one array; the writer goes on. */
    byte[] cut() {
        byte[] out = new byte[(int) written()];
        int off = 0;
        for (Buffer b : chunks) {
            b.getBytes(out, off);
            off += b.length();
        }
        System.arraycopy(current, 0, out, off, at);
        chunks.clear();
        length = 0;
        at = 0;
        return out;
    }

    private void flush() {
        // The array is handed over as it is (no copy of every answer into Netty's buffers); the
        // next chunk gets an array of its own.
        chunks.add(BufferInternal.buffer(Unpooled.wrappedBuffer(current, 0, at)));
        length += at;
        current = new byte[current.length];
        at = 0;
    }
}
