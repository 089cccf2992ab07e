package io.tocsin.ingest.auth;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit FNV-1a of a series id: the series cap keeps 8 bytes per series instead of its text. A
 * collision merely lets one extra series through the cap; at 64 bits it needs billions of series.
 */
final class SeriesHash {
    private SeriesHash() {}

    static long of(String kind, String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (kind + id).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
