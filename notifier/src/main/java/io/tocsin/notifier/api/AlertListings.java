package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupView;
import io.tocsin.notifier.silence.Silence;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * GET /api/v2/alerts answers of this instance, from the groups it owns (and its recent posts),
 * the silences, the inhibiting sources and the config in force, each written as the client takes
 * it ({@link ListingStream}) from the held alerts in the answer's order ({@link HeldIndex}), kept
 * from answer to answer with each alert's JSON while reads come and brought up to date from the
 * groups that changed ({@link GroupView#changedSince}).
 */
final class AlertListings {
    /** How long the held alerts' index and JSON are kept after the last answer. */
    static final Duration IDLE = Duration.ofSeconds(10);

    private final Supplier<? extends Collection<AlertGroup>> groups;
    /** Null: every answer reads every group ({@link #groups}) again. */
    private final Supplier<GroupView> view;

    private final Supplier<List<Alert>> inhibiting;
    private final Supplier<List<Silence>> silences;
    private final Supplier<NotifierConfig> config;
    private final Clock clock;
    private final AtomicBoolean sweepTimer = new AtomicBoolean();

    /** Guarded by this. */
    private HeldIndex index = new HeldIndex();
    /** The view's version the index is up to date with; -1: to be made whole. Guarded by this. */
    private long seen = -1;
    /** A monotonic reading ({@link System#nanoTime()}) of the last answer. Guarded by this. */
    private long answeredAt;

    AlertListings(
            Supplier<? extends Collection<AlertGroup>> groups,
            Supplier<List<Alert>> inhibiting,
            Supplier<List<Silence>> silences,
            Supplier<NotifierConfig> config,
            Clock clock) {
        this(groups, null, inhibiting, silences, config, clock);
    }

    /**
     * @param view the groups as the dispatch keeps them, or a 503 while it cannot say; null: read
     *     every group from {@code groups} for every answer
     */
    AlertListings(
            Supplier<? extends Collection<AlertGroup>> groups,
            Supplier<GroupView> view,
            Supplier<List<Alert>> inhibiting,
            Supplier<List<Silence>> silences,
            Supplier<NotifierConfig> config,
            Clock clock) {
        this.groups = groups;
        this.view = view;
        this.inhibiting = inhibiting;
        this.silences = silences;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param posts alerts posted here and maybe not held yet; null: none (another instance asks)
     * @param vertx for the timer that lets kept JSON go; null: kept until {@link #sweep}
     * @param chunk about how much each piece of the answer holds
     */
    ListingStream answer(AlertView.Query q, RecentPosts posts, Vertx vertx, int chunk) {
        NotifierConfig c = config.get();
        Instant now = clock.instant();
        List<Silence> all = silences.get();
        List<Alert> sources = c.inhibitRules().isEmpty() ? List.of() : inhibiting.get();
        AlertView alertView = new AlertView(all, c.inhibitRules(), sources, c.timeIntervals(), now);
        if (vertx != null && sweepTimer.compareAndSet(false, true)) {
            sweepWhenIdle(vertx);
        }
        synchronized (this) {
            // the posts before the groups: RecentPosts.all() says why
            List<RecentPosts.Posted> taken = posts == null ? List.of() : posts.all();
            refresh();
            answeredAt = System.nanoTime();
            return alertView.stream(index, posts, taken, c.root(), q, chunk);
        }
    }

    /** Brings the index up to date: from the groups changed since it was, or made whole. */
    private void refresh() {
        if (view == null) {
            index.rebuild(groups.get());
            return;
        }
        GroupView v = view.get();
        GroupView.Changes changes = v.changedSince(seen);
        if (changes == null) {
            long version = v.version();
            List<Map.Entry<String, AlertGroup>> all = new ArrayList<>();
            v.forEach((id, g) -> all.add(new AbstractMap.SimpleImmutableEntry<>(id, g)));
            index.rebuildById(all);
            seen = version;
        } else {
            index.apply(changes.ids(), v::get);
            seen = changes.upTo();
        }
    }

    /** Lets go of the index and the alerts' JSON once no answer came for {@link #IDLE}; how many alerts are kept. */
    synchronized int sweep(long nanos) {
        if (nanos - answeredAt >= IDLE.toNanos()) {
            index = new HeldIndex();
            seen = -1;
        }
        return index.rows().length;
    }

    /** Sweeps every {@link #IDLE}; stops once nothing is kept. */
    private void sweepWhenIdle(Vertx vertx) {
        vertx.setTimer(
                IDLE.toMillis(),
                id -> vertx.executeBlocking(() -> sweep(System.nanoTime()), false)
                        .onComplete(left -> {
                            if (left.succeeded() && left.result() > 0) {
                                sweepWhenIdle(vertx);
                            } else {
                                sweepTimer.set(false);
                                // A read between the sweep and now found the timer still set: start it again.
                                if (kept() > 0 && sweepTimer.compareAndSet(false, true)) {
                                    sweepWhenIdle(vertx);
                                }
                            }
                        }));
    }

    private synchronized int kept() {
        return index.rows().length;
    }
}
