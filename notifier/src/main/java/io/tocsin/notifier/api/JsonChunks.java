package io.tocsin.notifier.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON bytes written into chunks of {@link #CHUNK} bytes, for answers of tens of megabytes: no
 * array of the whole answer (a humongous allocation per GET, and a full copy each time it grew),
 * and the chunks go to the socket as they are. Strings are written as Jackson's generator writes
 * them (the escapes of {@link JsonStringEncoder}, UTF-8), with a fast path for the printable
 * ASCII text labels nearly always are: a generator's per-character escape checks were the
 * largest part of a 100,000-alert answer.
 */
final class JsonChunks {
    /** Below G1's humongous threshold for heaps of 1 GB and more (half a 1 MB region). */
    static final int CHUNK = 256 * 1024;

    private final List<Buffer> chunks = new ArrayList<>();
    private byte[] current = new byte[CHUNK];
    private int at;
    private long length;

    /** Constant text (field names, punctuation), already valid JSON. */
    static byte[] raw(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    JsonChunks raw(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            if (at == current.length) {
                flush();
            }
            int n = Math.min(bytes.length - off, current.length - at);
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
            if (n + 2 > CHUNK) {
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

    /** Everything written, in chunks; this writer is done. */
    Listing done(java.time.Instant validUntil) {
        if (at > 0) {
            flush();
        }
        current = null;
        return new Listing(List.copyOf(chunks), length, validUntil);
    }

    private void flush() {
        // Vert.x copies into a buffer of its own: the array is reused for the next chunk.
        chunks.add(Buffer.buffer(at).appendBytes(current, 0, at));
        length += at;
        at = 0;
    }
}
