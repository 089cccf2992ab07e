package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.silence.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The last GET /api/v2/alerts answer, given again while nothing it was made from changed:
 * clients poll the listing (every 10 s, several dashboards, amtool), and at 100,000 held alerts
 * one answer is tens of megabytes of JSON to write. The inputs are compared, not trusted: the
 * groups by the view's version (moved on every change), the config by identity (a reload is a new
 * one), silences and inhibiting sources by value; and an answer expires by itself at the first
 * moment time alone would change it ({@link Listing#validUntil()}).
 *
 * <p>Memory: it holds one answer (about 400 bytes per listed alert) only while reads keep
 * coming: {@link #dropIfIdle} lets it go {@link #IDLE} after the last one.
 */
final class ListingCache {
    static final Duration IDLE = Duration.ofSeconds(10);

    /**
     * What one answer is made from.
     *
     * @param query the request's query string: the same one, the same filter
     * @param groups the group view's version, read before the groups
     * @param config the config in force, compared by identity
     */
    record Inputs(String query, long groups, Object config, List<Silence> silences, List<Alert> sources) {
        boolean same(Inputs o) {
            return groups == o.groups
                    && config == o.config
                    && query.equals(o.query)
                    && silences.equals(o.silences)
                    && sources.equals(o.sources);
        }
    }

    private static final class Entry {
        final Inputs inputs;
        final Listing listing;
        volatile long usedAt;

        Entry(Inputs inputs, Listing listing, long usedAt) {
            this.inputs = inputs;
            this.listing = listing;
            this.usedAt = usedAt;
        }
    }

    private final AtomicReference<Entry> last = new AtomicReference<>();

    /**
     * The answer for these inputs at {@code now}: the kept one if it was made from the same
     * inputs and time has not changed it, else a new one, kept.
     *
     * @param nanos a monotonic reading ({@link System#nanoTime()}), for {@link #dropIfIdle}
     */
    Listing get(Inputs inputs, Instant now, long nanos, Supplier<Listing> answer) {
        Entry e = last.get();
        if (e != null && e.inputs.same(inputs) && valid(e.listing, now)) {
            e.usedAt = nanos;
            return e.listing;
        }
        Listing made = answer.get();
        last.set(new Entry(inputs, made, nanos));
        return made;
    }

    /** Lets the answer go if no read used it for {@link #IDLE}; whether one is still kept. */
    boolean dropIfIdle(long nanos) {
        Entry e = last.get();
        if (e != null && nanos - e.usedAt >= IDLE.toNanos()) {
            last.compareAndSet(e, null);
        }
        return last.get() != null;
    }

    private static boolean valid(Listing l, Instant now) {
        return l.validUntil() == null || now.isBefore(l.validUntil());
    }
}
