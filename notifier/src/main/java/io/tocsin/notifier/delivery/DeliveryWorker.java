package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.ledger.KafkaLedger;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.provenance.DeliveryEvents;
import io.tocsin.ops.Health;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads decisions from the ledger topic with a plain consumer and hands each to the
 * {@link Destination}s it must reach; every destination delivers at its own pace, so the consumer
 * never waits for a slow one and a failing destination delays only itself. Offsets are committed
 * a few times a second, each partition up to its first decision some destination has not
 * finished ({@link Progress}), after the attempts are flushed to the ledger: a crash re-delivers
 * rather than loses, and what a crash between delivery and commit would re-deliver, the next
 * owner first looks up in the ledger ({@link AlreadyDelivered}). Should one destination stay down
 * long enough for {@value #MAX_OPEN} decisions to pile up unfinished, reading pauses. What this
 * process's dispatch has just committed is also handed over directly ({@link Handoff}) and
 * delivered before the read brings it, when nothing before it is unread ({@link
 * HandedOver}).
 */
public final class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Offsets (and the ledger flush before them) are written at most this often. */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(250);
    /** Polls happen every half second; this much silence means stuck. */
    private static final Duration STALE = Duration.ofSeconds(30);
    /** On top of the request timeout, before an unanswered channel call counts as failed. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private static final Duration WAKEUP_GRACE = Duration.ofSeconds(6);
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(10);
    /** Records per poll. */
    static final int BATCH = 500;
    /** Unfinished decisions held in memory before reading pauses (bounds memory, and the re-read after a crash). */
    static final int MAX_OPEN = 20_000;

    private final Vertx vertx;
    private final KafkaSettings kafka;
    private final String applicationId;
    private volatile Map<String, List<Integration>> integrations;
    private final BackoffPolicy policy;
    private final Duration answerLimit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Handoff handoff;
    private final Deserializer<LedgerEntry> entries =
            JsonSerde.of(LedgerEntry.class).deserializer();
    private final Thread thread = new Thread(this::run, "tocsin-delivery");
    private final Progress progress = new Progress();
    private final AtomicReference<Throwable> bug = new AtomicReference<>();

    private volatile boolean running;
    private volatile Instant lastPoll;
    private volatile Throwable failure;

    // Set in start(); afterwards touched only by the worker thread (the metrics binders only read).
    private KafkaConsumer<String, byte[]> consumer;
    private WokenPolls<String, byte[]> polls;
    private HandedOver handedOver;
    private KafkaLedger ledger;
    private DeliveryEvents provenance = DeliveryEvents.NONE;
    private volatile DecisionDelivery delivery;
    private volatile Destinations destinations;
    private LedgerScan scan;
    private List<KafkaClientMetrics> clientMetrics = List.of();
    // Worker-thread state.
    private final AlreadyDelivered delivered = new AlreadyDelivered();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommit;
    private boolean paused;

    public DeliveryWorker(
            Vertx vertx,
            KafkaSettings kafka,
            String applicationId,
            Map<String, List<Integration>> integrations,
            BackoffPolicy policy,
            Duration requestTimeout,
            MeterRegistry registry,
            Clock clock,
            Handoff handoff) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.integrations = Map.copyOf(integrations);
        this.policy = policy;
        this.answerLimit = requestTimeout.plus(ANSWER_MARGIN);
        this.registry = registry;
        this.clock = clock;
        this.handoff = handoff;
        thread.setDaemon(true);
    }

    public static String groupId(String applicationId) {
        return applicationId + "-delivery";
    }

    /** Deploys the destinations and starts reading; call from a thread that may block (not an event loop). */
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("already started");
        }
        Properties props = kafka.committedReader(groupId(applicationId), applicationId + "-delivery");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ledger = new KafkaLedger(kafka, applicationId + "-ledger");
        // Destinations write attempts from the event loop: fetch metadata now so that a send never blocks on it.
        ledger.producer().partitionsFor(Topics.NOTIFICATIONS);
        provenance = DeliveryEvents.start(kafka, applicationId + "-provenance");
        delivery = new DecisionDelivery(
                integrations,
                policy,
                answerLimit,
                ledger,
                registry,
                clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                provenance);
        try {
            destinations = Destinations.deploy(vertx, delivery, progress, registry, this::bug)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            ledger.close();
            provenance.close();
            consumer.close();
            throw new IllegalStateException("could not deploy the delivery destinations", e);
        }
        Gauge.builder("tocsin.notifier.delivery.open", progress, Progress::open)
                .description("decisions read from the ledger that some destination has not finished")
                .register(registry);
        scan = new LedgerScan(kafka, applicationId + "-delivery-scan", SCAN_LIMIT);
        clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(ledger.producer()));
        clientMetrics.forEach(m -> m.bindTo(registry));
        lastPoll = clock.instant();
        running = true;
        polls = new WokenPolls<>(consumer, () -> running);
        handedOver = new HandedOver(handoff, registry);
        handoff.open(polls::wake);
        thread.start();
    }

    /**
     * Pays at start what the first notification would otherwise pay ({@link WarmUp}): each
     * destination's context makes one HTTP exchange through {@code http} with the notifier's own
     * port, and nothing is sent to any destination. Never fails; blocks until every exchange has
     * answered or timed out. Call after {@link #start()}, from a thread that may block.
     */
    public void warmUp(WebClient http, String listenHost, int port) {
        Destinations d = destinations;
        if (d == null) {
            throw new IllegalStateException("not started");
        }
        try {
            WarmUp.run(d, http, WarmUp.selfUrl(listenHost, port))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(WarmUp.LIMIT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("warming the delivery path did not finish: {}", e.toString());
        }
    }

    /**
     * The receivers of a reloaded config: decisions read from now on go through them; a decision
     * already handed to a destination finishes with the channel it was given. Their new
     * destinations are deployed before the swap. Blocks: call from a worker thread.
     */
    public synchronized void replace(Map<String, List<Integration>> next) {
        Map<String, List<Integration>> copy = Map.copyOf(next);
        if (destinations != null) {
            destinations.deployMissing(DecisionDelivery.destinationsOf(copy));
            delivery.replace(copy);
        }
        integrations = copy;
    }

    /** Wakes the worker wherever it waits and joins it; true if it ended within the timeout. */
    public boolean stop(Duration timeout) {
        synchronized (this) {
            if (!running) {
                return !thread.isAlive();
            }
            running = false;
        }
        handoff.close();
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientMetrics.forEach(KafkaClientMetrics::close);
        return !thread.isAlive();
    }

    public Health.Check health() {
        Throwable f = failure;
        if (f != null) {
            return Health.Check.down("stopped after " + f.getClass().getSimpleName());
        }
        if (!thread.isAlive()) {
            return Health.Check.down("not running");
        }
        Duration since = Duration.between(lastPoll, clock.instant());
        String detail = "last poll " + since.toMillis() + " ms ago, " + progress.open() + " decisions unfinished";
        return since.compareTo(STALE) > 0 ? Health.Check.down(detail) : Health.Check.up(detail);
    }

    private void bug(Throwable t) {
        if (running) {
            bug.compareAndSet(null, t);
        } else {
            log.debug("a delivery ended after stopping: {}", t.toString());
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.NOTIFICATIONS), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records = polls.poll(POLL);
                lastPoll = clock.instant();
                handOut(records);
                noteSkipped(handedOver.take(consumer, paused, this::handOut));
                throttle();
                if (System.nanoTime() - lastCommit >= COMMIT_EVERY.toNanos()) {
                    commit(progress.partitions());
                }
                Throwable b = bug.get();
                if (b != null) {
                    throw new IllegalStateException("a delivery failed unexpectedly", b);
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                failure = e;
                log.error("delivery worker interrupted unexpectedly", e);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("delivery worker stopped", e);
        } finally {
            // Nobody takes hand-offs any more: they must not pile up.
            handoff.close();
            // Clear the interrupt so that closing can still talk to the broker.
            Thread.interrupted();
            close();
        }
    }

    private void handOut(ConsumerRecords<String, byte[]> records) {
        int skipped = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (handedOver.taken(tp, r.offset())) {
                continue; // taken when the dispatch handed it over
            }
            skipped += handOut(tp, r.offset(), r.value());
        }
        noteSkipped(skipped);
    }

    private int handOut(TopicPartition tp, long offset, byte[] value) {
        LedgerEntry entry = decode(tp, offset, value);
        boolean decision = entry != null && entry.kind() == LedgerEntry.Kind.DECISION;
        return destinations.accept(tp, offset, decision ? entry : null, delivered);
    }

    private void noteSkipped(int skipped) {
        if (skipped > 0) {
            log.info("{} deliveries already in the ledger from before a restart or rebalance: not sent again", skipped);
            registry.counter("tocsin.notifier.delivery.skipped", "reason", "already_delivered")
                    .increment(skipped);
        }
    }

    /** Pauses reading while too many decisions are unfinished (a destination down for long), resumes at half. */
    private void throttle() {
        int open = progress.open();
        if (!paused && open >= MAX_OPEN) {
            log.warn("{} decisions are waiting for a destination: reading the ledger pauses", open);
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && open <= MAX_OPEN / 2) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /**
     * Makes every attempt so far durable, then commits, for the given partitions, up to the first
     * decision not finished everywhere. Never commits past an attempt that might not be written:
     * where to resume is read before the flush, and a destination writes its attempt before it
     * counts the decision finished.
     */
    private void commit(Collection<TopicPartition> tps) {
        lastCommit = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition tp : tps) {
            OptionalLong at = progress.resumeAt(tp);
            if (owned.contains(tp)
                    && at.isPresent()
                    && !Long.valueOf(at.getAsLong()).equals(committed.get(tp))) {
                offsets.put(tp, new OffsetAndMetadata(at.getAsLong()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        provenance.flush();
        ledger.flush();
        try {
            polls.unwoken(() -> {
                consumer.commitSync(offsets);
                return null;
            });
        } catch (WakeupException e) {
            // stop()'s wakeup found no blocking call and landed here: the commit still matters.
            consumer.commitSync(offsets);
        }
        offsets.forEach((tp, o) -> {
            committed.put(tp, o.offset());
            delivered.committed(tp, o.offset());
        });
    }

    private LedgerEntry decode(TopicPartition tp, long offset, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return entries.deserialize(tp.topic(), value);
        } catch (RuntimeException e) {
            log.warn("skipping ledger record {}@{}: {}", tp, offset, e.getMessage());
            registry.counter("tocsin.notifier.delivery.skipped", "reason", "undecodable")
                    .increment();
            return null;
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!running) {
                // Closing: close() has already waited for the calls under way and committed.
                forget(partitions);
                return;
            }
            // Hand over cleanly: nothing new starts on these partitions, calls under way finish,
            // their attempts are written and what is done is committed before the next owner reads.
            destinations.halt(partitions);
            try {
                if (!progress.awaitIdle(partitions, answerLimit)) {
                    log.warn("a delivery for a revoked partition is still under way; the next owner may repeat it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                commit(partitions);
            } finally {
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            destinations.halt(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            handedOver.forget(partitions);
            if (paused) {
                consumer.pause(partitions);
            }
            lookUpAlreadyDelivered(partitions);
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        progress.release(partitions);
        delivered.forget(partitions);
        partitions.forEach(committed::remove);
        handedOver.forget(partitions);
    }

    /** Reads what the previous owner delivered past the committed offsets, so that it is not sent twice. */
    private void lookUpAlreadyDelivered(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        polls.unwoken(() -> consumer.committed(Set.copyOf(partitions))).forEach((tp, o) -> {
            if (o != null) {
                from.put(tp, o.offset());
                committed.put(tp, o.offset());
            }
        });
        if (from.isEmpty()) {
            return;
        }
        scan.read(from, polls.unwoken(() -> consumer.endOffsets(from.keySet())), delivered);
    }

    private void close() {
        // Keep what is done: calls under way get a moment to finish, then what is finished is committed.
        destinations.stop();
        Set<TopicPartition> tps = progress.partitions();
        try {
            if (!progress.awaitIdle(tps, WAKEUP_GRACE)) {
                log.info("stopping with deliveries still waiting for an answer; the next owner repeats them");
            }
            commit(tps);
        } catch (InterruptedException | RuntimeException e) {
            log.warn("could not commit delivered offsets on close: {}", e.toString());
        }
        progress.release(tps);
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("closing the delivery consumer: {}", e.toString());
        }
        try {
            destinations
                    .undeploy(vertx)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("undeploying the delivery destinations: {}", e.toString());
        }
        ledger.close();
        provenance.close();
    }
}
