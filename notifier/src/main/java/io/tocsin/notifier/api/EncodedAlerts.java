package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import java.util.Map;

/**
 * Each listed alert's JSON as GET /api/v2/alerts writes it, encoded once ({@link #encode}) and
 * kept on the alert's {@link HeldIndex.Member} while reads come: at 100,000 held alerts, encoding
 * labels and annotations was most of an answer's time, and the dispatch flushing groups
 * (group_wait, group_interval) changes a group without changing its alerts. What an answer decides
 * itself (updatedAt, the receivers of the alert's groups, its status) is not part of it. Valid for
 * the alert object it was made from (alerts are immutable records: a re-post or an update is a new
 * object); about 400 bytes an alert.
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

        Encoded(Alert alert, byte[] json, int split) {
            this.alert = alert;
            this.json = json;
            this.split = split;
        }
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
    static Encoded encode(String fingerprint, Alert a, JsonChunks out) {
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
        return new Encoded(a, out.cut(), split);
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
