package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.silence.Silence;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * GET /api/v2/alerts answers of this instance, from the groups it owns (and its recent posts),
 * the silences, the inhibiting sources and the config in force, each made anew and written as
 * the client takes it ({@link ListingStream}), each alert's JSON kept from answer to answer while
 * reads come ({@link EncodedAlerts}).
 */
final class AlertListings {
    /** How long an alert's JSON is kept after the last answer that listed it. */
    static final Duration IDLE = Duration.ofSeconds(10);

    private final Supplier<? extends Collection<AlertGroup>> groups;
    private final Supplier<List<Alert>> inhibiting;
    private final Supplier<List<Silence>> silences;
    private final Supplier<NotifierConfig> config;
    private final Clock clock;
    private final EncodedAlerts encoded = new EncodedAlerts();
    private final AtomicBoolean sweepTimer = new AtomicBoolean();

    AlertListings(
            Supplier<? extends Collection<AlertGroup>> groups,
            Supplier<List<Alert>> inhibiting,
            Supplier<List<Silence>> silences,
            Supplier<NotifierConfig> config,
            Clock clock) {
        this.groups = groups;
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
        AlertView view = new AlertView(all, c.inhibitRules(), sources, c.timeIntervals(), now);
        if (vertx != null && sweepTimer.compareAndSet(false, true)) {
            sweepWhenIdle(vertx);
        }
        return view.stream(groups.get(), posts, c.root(), q, encoded, chunk);
    }

    /** Lets go of the JSON of alerts no answer listed for {@link #IDLE}; how many are kept. */
    int sweep(long nanos) {
        return encoded.sweep(nanos, IDLE);
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
                                if (encoded.size() > 0 && sweepTimer.compareAndSet(false, true)) {
                                    sweepWhenIdle(vertx);
                                }
                            }
                        }));
    }
}
