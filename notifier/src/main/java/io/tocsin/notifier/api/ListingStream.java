package io.tocsin.notifier.api;

import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.TimeMuting;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A GET /api/v2/alerts answer written a piece at a time ({@link #next}), as the client takes it:
 * a reader holds the alerts to list (sorted references) and one piece, not the whole answer (tens
 * of megabytes at 100,000 alerts), so concurrent readers do not multiply the answer. Each alert's
 * own JSON is kept on its {@link HeldIndex.Member}; this writes what the answer decides (updatedAt,
 * the receivers of the alert's groups, its status).
 */
final class ListingStream {
    private final HeldIndex.Row[] held;
    private final HeldIndex.Row[] posted;
    private final AlertView view;
    private final AlertView.Query q;
    private final Instant now;

    private final byte[] updatedAt;
    private final JsonChunks out;
    private final int chunk;
    private final JsonChunks scratch = new JsonChunks(4096);
    /** Each group route's muting for this answer, computed once per route (only with time intervals). */
    private final Map<TimeMuting, List<String>> mutedByMuting = new HashMap<>();

    private int atHeld;
    private int atPosted;
    private boolean started;
    private boolean first = true;
    private boolean ended;

    /**
     * @param held the held alerts by fingerprint ({@link HeldIndex#rows}), never changed while read
     * @param posted alerts posted here and not held yet, by fingerprint, none of them in {@code held}
     * @param chunk how much one {@link #next} writes, about
     */
    ListingStream(
            HeldIndex.Row[] held, HeldIndex.Row[] posted, AlertView view, AlertView.Query q, Instant now, int chunk) {
        this.held = held;
        this.posted = posted;
        this.view = view;
        this.q = q;
        this.now = now;
        this.updatedAt = JsonChunks.raw("\"" + Times.rfc3339(now) + "\"");
        this.chunk = chunk;
        this.out = new JsonChunks(chunk);
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
        while (out.written() < chunk) {
            HeldIndex.Row r;
            if (atHeld < held.length
                    && (atPosted == posted.length
                            || held[atHeld].fingerprint().compareTo(posted[atPosted].fingerprint()) < 0)) {
                r = held[atHeld++];
            } else if (atPosted < posted.length) {
                r = posted[atPosted++];
            } else {
                break;
            }
            list(r);
        }
        if (atHeld == held.length && atPosted == posted.length) {
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
        return new Listing(List.copyOf(all), length);
    }

    /**
     * One fingerprint, listed once if any of its groups holds it firing and matching the filter:
     * with the receivers of all those groups and the union of their mutings (as in Alertmanager,
     * the receiver filter keeps an alert when any of its receivers matches).
     */
    private void list(HeldIndex.Row r) {
        HeldIndex.Member shown = null;
        Object receivers = null; // a String, or a TreeSet once there are two
        Collection<String> mutedBy = null;
        for (HeldIndex.Member m : r.members()) {
            if (!m.firingAt(now) || !q.matches(m.alert)) {
                continue;
            }
            List<String> groupMutedBy = mutedBy(m.ref);
            String receiver = m.ref.receiver();
            if (shown == null) {
                shown = m;
                receivers = receiver;
                mutedBy = groupMutedBy;
                continue;
            }
            if (receivers instanceof String one) {
                if (!one.equals(receiver)) {
                    TreeSet<String> both = new TreeSet<>();
                    both.add(one);
                    both.add(receiver);
                    receivers = both;
                }
            } else {
                receivers(receivers).add(receiver);
            }
            if (!groupMutedBy.isEmpty() && !groupMutedBy.equals(mutedBy)) {
                TreeSet<String> union = new TreeSet<>(mutedBy);
                union.addAll(groupMutedBy);
                mutedBy = union;
            }
        }
        if (shown == null) {
            return;
        }
        if (q.receiver() != null
                && !(receivers instanceof String one
                        ? q.receiver().matches(one)
                        : receivers(receivers).stream().anyMatch(q.receiver()::matches))) {
            return;
        }
        List<String> silencedBy = view.silencedBy(shown.alert);
        List<String> inhibitedBy = view.inhibitedBy(shown.alert);
        if (q.shows(silencedBy, !inhibitedBy.isEmpty())) {
            if (!first) {
                out.raw(',');
            }
            first = false;
            write(
                    shown.encoded(scratch),
                    receivers instanceof String one ? List.of(one) : receivers(receivers),
                    silencedBy,
                    inhibitedBy,
                    mutedBy);
        }
    }

    @SuppressWarnings("unchecked")
    private static TreeSet<String> receivers(Object receivers) {
        return (TreeSet<String>) receivers;
    }

    private List<String> mutedBy(GroupRef ref) {
        return view.timeMuted() ? mutedByMuting.computeIfAbsent(ref.muting(), m -> view.groupMutedBy(ref)) : List.of();
    }

    private static final byte[] NAME = JsonChunks.raw("{\"name\":");
    private static final byte[] ACTIVE = JsonChunks.raw("],\"status\":{\"state\":\"active\",\"silencedBy\":[");
    private static final byte[] SUPPRESSED = JsonChunks.raw("],\"status\":{\"state\":\"suppressed\",\"silencedBy\":[");
    private static final byte[] INHIBITED_BY = JsonChunks.raw("],\"inhibitedBy\":[");
    private static final byte[] MUTED_BY = JsonChunks.raw("],\"mutedBy\":[");
    private static final byte[] END = JsonChunks.raw("]}}");

    /** One GettableAlert: its own parts, then the answer's. */
    private void write(
            EncodedAlerts.Encoded e,
            Collection<String> receivers,
            List<String> silencedBy,
            List<String> inhibitedBy,
            Collection<String> mutedBy) {
        out.raw(e.json, 0, e.split).raw(updatedAt).raw(e.json, e.split, e.json.length - e.split);
        boolean firstReceiver = true;
        for (String r : receivers) {
            (firstReceiver ? out : out.raw(',')).raw(NAME).string(r).raw('}');
            firstReceiver = false;
        }
        out.raw(!silencedBy.isEmpty() || !inhibitedBy.isEmpty() ? SUPPRESSED : ACTIVE);
        strings(silencedBy);
        out.raw(INHIBITED_BY);
        strings(inhibitedBy);
        out.raw(MUTED_BY);
        strings(mutedBy);
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
