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
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private Fingerprint() {}

    /** Computed once per label set: the dispatch asks for an alert's fingerprint several times. */
    public static String of(Labels labels) {
        String known = labels.fingerprint;
        if (known != null) {
            return known;
        }
        long h = OFFSET;
        for (Map.Entry<String, String> e : labels.map().entrySet()) {
            h = add(h, e.getKey());
            h = add(h, e.getValue());
        }
        String fp = hex(h);
        labels.fingerprint = fp;
        return fp;
    }

    /** As {@code String.format("%016x", h)}, without the formatter (it parsed the pattern on every call). */
    static String hex(long h) {
        byte[] digits = new byte[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (h & 0xf)];
            h >>>= 4;
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
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
