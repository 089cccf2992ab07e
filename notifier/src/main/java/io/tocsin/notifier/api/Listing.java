package io.tocsin.notifier.api;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A GET /api/v2/alerts answer written whole ({@link ListingStream#drain}): JSON in chunks of at
 * most {@link JsonChunks#CHUNK} bytes (a 40 MB answer in one array was a humongous allocation).
 */
record Listing(List<Buffer> chunks, long length) {

    /** The answer in one buffer: for the merge with other instances' answers. */
    Buffer toBuffer() {
        Buffer all = Buffer.buffer((int) Math.min(Integer.MAX_VALUE - 8, length));
        chunks.forEach(all::appendBuffer);
        return all;
    }
}
