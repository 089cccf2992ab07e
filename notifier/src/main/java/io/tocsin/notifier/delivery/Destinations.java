package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Every destination of the config, each a verticle of its own, and the hand-out of what is read
 * from the ledger to them: a decision goes to the queue of each destination it must reach, and
 * {@link Progress} counts it unfinished until every one of them is done with it.
 */
final class Destinations {
    private final Map<String, Destination> byName;
    private final DecisionDelivery delivery;
    private final Progress progress;
    private final List<String> deployments;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Consumer<Throwable> bugs;

    private Destinations(
            Map<String, Destination> byName,
            DecisionDelivery delivery,
            Progress progress,
            List<String> deployments,
            Vertx vertx,
            MeterRegistry registry,
            Consumer<Throwable> bugs) {
        // A reload may add destinations while the worker hands out decisions.
        this.byName = new ConcurrentHashMap<>(byName);
        this.delivery = delivery;
        this.progress = progress;
        this.deployments = new CopyOnWriteArrayList<>(deployments);
        this.vertx = vertx;
        this.registry = registry;
        this.bugs = bugs;
    }

    /** Deploys one verticle per destination; {@code bugs} hears of exceptions escaping a delivery. */
    static Future<Destinations> deploy(
            Vertx vertx,
            DecisionDelivery delivery,
            Progress progress,
            MeterRegistry registry,
            Consumer<Throwable> bugs) {
        Map<String, Destination> byName = new LinkedHashMap<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (String name : delivery.destinations()) {
            Destination d = new Destination(name, delivery, progress, bugs);
            byName.put(name, d);
            deployed.add(vertx.deployVerticle(d));
            Gauge.builder("tocsin.notifier.delivery.queued", d, Destination::queued)
                    .description("decisions waiting for (or being delivered to) one destination")
                    .tag("destination", name)
                    .register(registry);
        }
        return Future.all(deployed)
                .map(all -> new Destinations(
                        byName,
                        delivery,
                        progress,
                        deployed.stream().map(Future::result).toList(),
                        vertx,
                        registry,
                        bugs));
    }

    /**
     * Deploys those of {@code names} not deployed yet (a reloaded config's new destinations);
     * those it dropped stay, finish what they hold and then idle. Blocks until deployed: call
     * from a worker thread, never an event loop.
     */
    void deployMissing(Collection<String> names) {
        for (String name : names) {
            if (byName.containsKey(name)) {
                continue;
            }
            Destination d = new Destination(name, delivery, progress, bugs);
            try {
                deployments.add(vertx.deployVerticle(d)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("could not deploy the delivery destination " + name, e);
            }
            Gauge.builder("tocsin.notifier.delivery.queued", d, Destination::queued)
                    .description("decisions waiting for (or being delivered to) one destination")
                    .tag("destination", name)
                    .register(registry);
            byName.put(name, d);
        }
    }

    /**
     * Hands out one record read at {@code tp}/{@code offset}; {@code decision} is null for what is
     * not a decision. Returns how many destinations were skipped because the ledger says an
     * earlier owner already finished them.
     */
    int accept(TopicPartition tp, long offset, LedgerEntry decision, AlreadyDelivered delivered) {
        if (decision == null) {
            progress.read(tp, offset);
            return 0;
        }
        Optional<List<Integration>> channels = delivery.integrationsFor(decision);
        if (channels.isEmpty()) {
            delivery.deadLetterUnknownReceiver(decision);
            progress.read(tp, offset);
            return 0;
        }
        List<Integration> todo = new ArrayList<>();
        for (Integration i : channels.get()) {
            if (!delivered.contains(tp, decision.id(), i.name())) {
                todo.add(i);
            }
        }
        int skipped = channels.get().size() - todo.size();
        if (todo.isEmpty()) {
            progress.read(tp, offset);
            return skipped;
        }
        Progress.Ticket ticket = progress.open(tp, offset, todo.size());
        for (Integration i : todo) {
            byName.get(i.destination()).offer(new Destination.Parcel(ticket, decision, i));
        }
        return skipped;
    }

    /** Runs {@code work} once on each destination's context ({@link Destination#onContext}); completes when all have. */
    Future<Void> onEachContext(Supplier<Future<?>> work) {
        return Future.join(byName.values().stream().map(d -> d.onContext(work)).toList())
                .mapEmpty();
    }

    /** Nothing more starts on these partitions; waits on them end at once. */
    void halt(Collection<TopicPartition> tps) {
        progress.halt(tps);
        byName.values().forEach(Destination::wake);
    }

    /** Nothing more starts anywhere; every wait ends at once. */
    void stop() {
        progress.stop();
        byName.values().forEach(Destination::wake);
    }

    Future<Void> undeploy(Vertx vertx) {
        return Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
    }
}
