package io.tocsin.notifier.dispatch;

import java.time.Instant;

/**
 * Keys of the due-time index: {@code <zero-padded epoch millis>/<group id>}. The store orders
 * keys by their bytes, so the padded time makes it a priority queue; the punctuator reads from
 * the front up to now and never looks at a group that is not due.
 */
final class DueIndex {
    private static final int DIGITS = 19;

    private DueIndex() {}

    static String key(Instant due, String groupId) {
        return padded(due.toEpochMilli()) + "/" + groupId;
    }

    /** The due time of a key, in epoch millis. */
    static long millis(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('/')));
    }

    /** The last possible key due at or before {@code now}: '0' sorts right after '/'. */
    static String upTo(Instant now) {
        return padded(now.toEpochMilli()) + "0";
    }

    /** As {@code String.format("%019d", max(0, millis))}, without parsing the pattern on every key. */
    static String padded(long millis) {
        String digits = Long.toString(Math.max(0, millis));
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
