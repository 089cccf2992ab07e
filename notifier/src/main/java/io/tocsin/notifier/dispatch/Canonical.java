package io.tocsin.notifier.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance for the values the group stage reads again and again from Kafka and its stores:
 * label names, receivers, common label and annotation values, a route's timing. Every alert it
 * holds was decoded on its own ({@link GroupCodec}), so with 100,000 held alerts each label name
 * was 250,000 strings, the same route timing 100,000 records of three Durations each: about a
 * fifth of the heap per held alert. Lookups never block and the tables are bounded: a value that
 * does not repeat (an instance id) only takes a slot until another string hashes there.
 */
final class Canonical {
    /** Direct-mapped: a slot keeps the last string read that hashed to it. */
    private static final int SLOTS = 1 << 13;
    /** Longer strings (group keys, URLs) rarely repeat byte for byte and would churn the slots. */
    static final int MAX_LENGTH = 64;
    /** Records (timings, time mutings) are few per config; a reload may add some, so bounded. */
    private static final int MAX_VALUES = 1024;

    // Written and read without a lock: a String is immutable (final fields), so a racing reader
    // sees a slot whole, old or new, and checks its bytes before taking it.
    private static final String[] STRINGS = new String[SLOTS];
    private static final Map<Object, Object> VALUES = new ConcurrentHashMap<>();

    private Canonical() {}

    /**
     * The UTF-8 string of {@code len} bytes at {@code off}: an instance read before when its
     * bytes are ASCII, at most {@link #MAX_LENGTH} long and still in their slot, else a new one.
     */
    static String string(byte[] b, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8); // not ASCII: not kept
            }
            h = 31 * h + c;
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String s = STRINGS[slot];
        if (s != null && sameAscii(s, b, off, len)) {
            return s;
        }
        s = new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: the same characters
        STRINGS[slot] = s;
        return s;
    }

    private static boolean sameAscii(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** An equal value seen before (records with value equality), or this one, kept for the next. */
    @SuppressWarnings("unchecked")
    static <T> T value(T v) {
        if (v == null) {
            return null;
        }
        Object known = VALUES.putIfAbsent(v, v);
        if (known != null) {
            return (T) known;
        }
        if (VALUES.size() > MAX_VALUES) {
            VALUES.clear(); // a config reloaded many times over: start again rather than grow
        }
        return v;
    }
}
