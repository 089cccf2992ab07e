package io.tocsin.notifier.dispatch;

import java.time.Instant;

/**
 * Keys of the due-time index: {@code <zero-padded epoch millis>/<group id>}. The store orders
 * keys by their bytes, so the padded time makes it a priority queue; the punctuator reads from
 * the front up to now and never looks at a group that is not due.
 */
final class DueIndex {
    private static final String FORMAT = "%019d";

    private DueIndex() {}

    static String key(Instant due, String groupId) {
        return String.format(FORMAT, Math.max(0, due.toEpochMilli())) + "/" + groupId;
    }

    /** The due time of a key, in epoch millis. */
    static long millis(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('/')));
    }

    /** The last possible key due at or before {@code now}: '0' sorts right after '/'. */
    static String upTo(Instant now) {
        return String.format(FORMAT, Math.max(0, now.toEpochMilli())) + "0";
    }
}
