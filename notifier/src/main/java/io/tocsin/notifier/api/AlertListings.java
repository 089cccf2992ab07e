package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.silence.Silence;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * GET /api/v2/alerts answers of this instance, from the groups it owns (and its recent posts),
 * the silences, the inhibiting sources and the config in force; the last one kept while nothing
 * it was made from changes ({@link ListingCache}).
 */
final class AlertListings {
    private final Supplier<? extends Collection<AlertGroup>> groups;
    /** Null: nothing is kept. */
    private final LongSupplier groupsVersion;

    private final Supplier<List<Alert>> inhibiting;
    private final Supplier<List<Silence>> silences;
    private final Supplier<NotifierConfig> config;
    private final Clock clock;
    private final ListingCache cache = new ListingCache();
    private final AtomicBoolean dropTimer = new AtomicBoolean();

    /** @param groupsVersion moves on every change to {@code groups}; null: every answer is made anew */
    AlertListings(
            Supplier<? extends Collection<AlertGroup>> groups,
            LongSupplier groupsVersion,
            Supplier<List<Alert>> inhibiting,
            Supplier<List<Silence>> silences,
            Supplier<NotifierConfig> config,
            Clock clock) {
        this.groups = groups;
        this.groupsVersion = groupsVersion;
        this.inhibiting = inhibiting;
        this.silences = silences;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param posts alerts posted here and maybe not held yet; null: none (another instance asks)
     * @param query the request's query string, which decides the answer with the inputs
     * @param vertx for the timer that lets a kept answer go; null: it is kept until replaced
     */
    Listing answer(AlertView.Query q, RecentPosts posts, String query, Vertx vertx) {
        NotifierConfig c = config.get();
        Instant now = clock.instant();
        // Read before the groups: a change made while the answer is written moves it past this.
        long version = groupsVersion == null ? 0 : groupsVersion.getAsLong();
        List<Silence> all = silences.get();
        List<Alert> sources = c.inhibitRules().isEmpty() ? List.of() : inhibiting.get();
        AlertView view = new AlertView(all, c.inhibitRules(), sources, c.timeIntervals(), now);
        Supplier<Listing> make = () -> view.listing(groups.get(), posts, c.root(), q);
        // Posts not held yet are shown from the posts, which change without the groups: nothing
        // is kept while there are any.
        if (groupsVersion == null || (posts != null && !posts.isEmpty())) {
            return make.get();
        }
        Listing l = cache.get(new ListingCache.Inputs(query, version, c, all, sources), now, System.nanoTime(), make);
        if (vertx != null && dropTimer.compareAndSet(false, true)) {
            dropWhenIdle(vertx);
        }
        return l;
    }

    /** Checks every {@link ListingCache#IDLE} whether the kept answer is still read; stops once it is let go. */
    private void dropWhenIdle(Vertx vertx) {
        vertx.setTimer(ListingCache.IDLE.toMillis(), id -> {
            if (cache.dropIfIdle(System.nanoTime())) {
                dropWhenIdle(vertx);
            } else {
                dropTimer.set(false);
            }
        });
    }
}
