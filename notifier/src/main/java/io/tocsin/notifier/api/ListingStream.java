package io.tocsin.notifier.api;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A GET /api/v2/alerts answer written a piece at a time ({@link #next}), as the client takes it:
 * a reader holds the alerts to list (sorted references) and one piece, not the whole answer (tens
 * of megabytes at 100,000 alerts), so concurrent readers do not multiply the answer. Each alert's
 * own JSON comes from {@link EncodedAlerts}; this writes what the answer decides (updatedAt, the
 * receivers of the alert's groups, its status).
 */
final class ListingStream {
    private final Listed[] sorted;
    private final AlertView view;
    private final AlertView.Query q;
    /** Null: every alert encoded anew (nothing kept). */
    private final EncodedAlerts encoded;

    private final byte[] updatedAt;
    private final Instant validUntil;
    private final JsonChunks out;
    private final int chunk;
    private final JsonChunks scratch = new JsonChunks(4096);
    private int at;
    private boolean started;
    private boolean first = true;
    private boolean ended;

    /**
     * @param sorted the alerts that passed the filter, by fingerprint, an alert in several groups
     *     side by side with itself ({@link Listed#sort})
     * @param chunk how much one {@link #next} writes, about
     */
    ListingStream(
            Listed[] sorted,
            AlertView view,
            AlertView.Query q,
            EncodedAlerts encoded,
            Instant now,
            Instant validUntil,
            int chunk) {
        this.sorted = sorted;
        this.view = view;
        this.q = q;
        this.encoded = encoded;
        this.updatedAt = JsonChunks.raw("\"" + Times.rfc3339(now) + "\"");
        this.validUntil = validUntil;
        this.chunk = chunk;
        this.out = new JsonChunks(chunk);
    }

    /** Until when the answer stays true if nothing else changes; null: no time-bound change ahead. */
    Instant validUntil() {
        return validUntil;
    }

    /** The next piece of the answer (about a chunk, in one or two buffers), or null once it is all written. */
    List<Buffer> next() {
        if (ended) {
            return null;
        }
        if (!started) {
            out.raw('[');
            started = true;
        }
        long nanos = System.nanoTime();

        while (at < sorted.length && out.written() < chunk) {
            Listed l = sorted[at++];
            while (at < sorted.length && sorted[at].fingerprint.equals(l.fingerprint)) {
                l.add(sorted[at++]);
            }
            if (q.receiver() != null && !l.anyReceiver(q.receiver())) {
                continue;
            }
            List<String> silencedBy = view.silencedBy(l.alert);
            List<String> inhibitedBy = view.inhibitedBy(l.alert);
            if (q.shows(silencedBy, !inhibitedBy.isEmpty())) {
                if (!first) {
                    out.raw(',');
                }
                first = false;
                write(l, silencedBy, inhibitedBy, nanos);
            }
        }
        if (at == sorted.length) {
            out.raw(']');
            ended = true;
        }
        return out.take();
    }

    /** The whole answer, in chunks: for the merge with other instances' answers, and tests. */
    Listing drain() {
        List<Buffer> all = new ArrayList<>();
        long length = 0;
        for (List<Buffer> piece = next(); piece != null; piece = next()) {
            for (Buffer b : piece) {
                all.add(b);
                length += b.length();
            }
        }
        return new Listing(List.copyOf(all), length, validUntil);
    }

    private static final byte[] NAME = JsonChunks.raw("{\"name\":");
    private static final byte[] ACTIVE = JsonChunks.raw("],\"status\":{\"state\":\"active\",\"silencedBy\":[");
    private static final byte[] SUPPRESSED = JsonChunks.raw("],\"status\":{\"state\":\"suppressed\",\"silencedBy\":[");
    private static final byte[] INHIBITED_BY = JsonChunks.raw("],\"inhibitedBy\":[");
    private static final byte[] MUTED_BY = JsonChunks.raw("],\"mutedBy\":[");
    private static final byte[] END = JsonChunks.raw("]}}");

    /** One GettableAlert: its own parts, then the answer's. */
    private void write(Listed l, List<String> silencedBy, List<String> inhibitedBy, long nanos) {
        EncodedAlerts.Encoded e = encoded == null
                ? EncodedAlerts.encode(l.fingerprint, l.alert, nanos, scratch)
                : encoded.of(l.fingerprint, l.alert, nanos, scratch);
        out.raw(e.json, 0, e.split).raw(updatedAt).raw(e.json, e.split, e.json.length - e.split);
        boolean firstReceiver = true;
        for (String r : l.receiverNames()) {
            (firstReceiver ? out : out.raw(',')).raw(NAME).string(r).raw('}');
            firstReceiver = false;
        }
        out.raw(!silencedBy.isEmpty() || !inhibitedBy.isEmpty() ? SUPPRESSED : ACTIVE);
        strings(silencedBy);
        out.raw(INHIBITED_BY);
        strings(inhibitedBy);
        out.raw(MUTED_BY);
        strings(l.mutedBy());
        out.raw(END);
    }

    private void strings(Collection<String> values) {
        boolean firstValue = true;
        for (String v : values) {
            (firstValue ? out : out.raw(',')).string(v);
            firstValue = false;
        }
    }
}
