package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each listed alert's JSON as GET /api/v2/alerts writes it, encoded once and copied into every
 * answer while the alert is unchanged: at 100,000 held alerts, encoding labels and annotations
 * was most of an answer's time, and the dispatch flushing groups (group_wait, group_interval)
 * changes a group without changing its alerts. What an answer decides itself (updatedAt, the
 * receivers of the alert's groups, its status) is not part of it.
 *
 * <p>An entry is valid for the alert object it was made from (alerts are immutable records: a
 * re-post or an update is a new object). Shared by every reader, so concurrent readers do not
 * multiply it; it costs about the JSON of the listed alerts (≈400 bytes each) and only while
 * reads come: {@link #sweep} lets entries go once no answer used them for a while.
 */
final class EncodedAlerts {
    /**
     * One alert's JSON in two parts around {@code updatedAt}'s value: {@code {"labels":…,
     * "annotations":…,"startsAt":…,"endsAt":…,"updatedAt":} then {@code ,"generatorURL":…,
     * "fingerprint":…,"receivers":[}.
     */
    static final class Encoded {
        final Alert alert;
        final byte[] json;
        final int split;
        /** A monotonic reading ({@link System#nanoTime()}) of the last answer that used it. */
        volatile long usedAt;

        Encoded(Alert alert, byte[] json, int split, long usedAt) {
            this.alert = alert;
            this.json = json;
            this.split = split;
            this.usedAt = usedAt;
        }
    }

    private final Map<String, Encoded> byFingerprint = new ConcurrentHashMap<>();

    /**
     * The alert's parts, encoded now unless this very alert was encoded before.
     *
     * @param scratch a writer of the caller's own, reused from alert to alert
     */
    Encoded of(String fingerprint, Alert a, long nanos, JsonChunks scratch) {
        Encoded e = byFingerprint.get(fingerprint);
        if (e != null && e.alert == a) {
            e.usedAt = nanos;
            return e;
        }
        Encoded made = encode(fingerprint, a, nanos, scratch);
        byFingerprint.put(fingerprint, made);
        return made;
    }

    /** Lets go of the entries no answer used since {@code idle} before {@code nanos}; how many are left. */
    int sweep(long nanos, Duration idle) {
        long limit = idle.toNanos();
        byFingerprint.values().removeIf(e -> nanos - e.usedAt >= limit);
        return byFingerprint.size();
    }

    int size() {
        return byFingerprint.size();
    }

    private static final byte[] LABELS = JsonChunks.raw("{\"labels\":");
    private static final byte[] ANNOTATIONS = JsonChunks.raw(",\"annotations\":");
    private static final byte[] STARTS_AT = JsonChunks.raw(",\"startsAt\":");
    private static final byte[] ENDS_AT = JsonChunks.raw(",\"endsAt\":");
    private static final byte[] NO_END = JsonChunks.raw("\"0001-01-01T00:00:00Z\"");
    private static final byte[] UPDATED_AT = JsonChunks.raw(",\"updatedAt\":");
    private static final byte[] GENERATOR_URL = JsonChunks.raw(",\"generatorURL\":");
    private static final byte[] FINGERPRINT = JsonChunks.raw(",\"fingerprint\":");
    private static final byte[] RECEIVERS = JsonChunks.raw(",\"receivers\":[");
    private static final byte[] NULL = JsonChunks.raw("null");

    /** The parts, fields in Alertmanager's order (GettableAlert). */
    static Encoded encode(String fingerprint, Alert a, long nanos, JsonChunks out) {
        out.cut();
        out.raw(LABELS);
        writeMap(out, a.labels().map());
        out.raw(ANNOTATIONS);
        writeMap(out, a.annotations());
        out.raw(STARTS_AT).string(a.startsAt() == null ? "null" : Times.rfc3339(a.startsAt()));
        out.raw(ENDS_AT);
        if (a.endsAt() == null) {
            out.raw(NO_END);
        } else {
            out.string(Times.rfc3339(a.endsAt()));
        }
        out.raw(UPDATED_AT);
        int split = (int) out.written();
        out.raw(GENERATOR_URL);
        if (a.generatorURL() == null) {
            out.raw(NULL);
        } else {
            out.string(a.generatorURL());
        }
        out.raw(FINGERPRINT).string(fingerprint);
        out.raw(RECEIVERS);
        return new Encoded(a, out.cut(), split, nanos);
    }

    private static void writeMap(JsonChunks out, Map<String, String> map) {
        out.raw('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            (first ? out : out.raw(',')).string(e.getKey()).raw(':');
            if (e.getValue() == null) {
                out.raw(NULL);
            } else {
                out.string(e.getValue());
            }
            first = false;
        }
        out.raw('}');
    }
}
