package io.tocsin.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Alertmanager's label-set fingerprint: FNV-1a 64 over sorted names and values, each followed
 * by the byte 0xff, printed as 16 hex digits. Matching it keeps our alert ids identical to the
 * ones amtool and Alertmanager UIs show.
 */
public final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xff;

    private Fingerprint() {}

    public static String of(Labels labels) {
        if (labels.isEmpty()) {
            return String.format("%016x", OFFSET);
        }
        long h = OFFSET;
        for (Map.Entry<String, String> e : labels.map().entrySet()) {
            h = add(h, e.getKey());
            h = add(h, e.getValue());
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= PRIME;
        }
        h ^= (SEPARATOR & 0xff);
        h *= PRIME;
        return h;
    }
}
