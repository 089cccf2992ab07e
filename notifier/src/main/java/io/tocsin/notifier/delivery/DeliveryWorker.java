package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.ops.Health;
import io.tocsin.notifier.ledger.KafkaLedger;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Reads decisions from the ledger topic and delivers them, a poll at a time, with a plain consumer.
 * A poll's decisions go out concurrently across destinations (each destination in ledger order,
 * under its rate limit, see {@link DeliveryBatch}); the attempts are flushed to the ledger and the
 * offsets committed once per poll, and an offset moves past a decision only once it is fully
 * handled (delivered or dead-lettered), so a crash re-delivers rather than loses. What a crash
 * between delivery and commit would re-deliver, the next owner first looks up in the ledger
 * ({@link AlreadyDelivered}). While lanes work the consumer keeps polling with its partitions
 * paused: the group does not evict it, and it learns at once when a partition moves away.
 */
public final class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How often the consumer is polled (paused) while a batch is being delivered. */
    private static final Duration BUSY_POLL = Duration.ofMillis(200);
    /** Polls happen every second at most, even while retrying; this much silence means stuck. */
    private static final Duration STALE = Duration.ofSeconds(30);
    /** On top of the request timeout, before an unanswered channel call counts as failed. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
    private static final Duration WAKEUP_GRACE = Duration.ofSeconds(6);
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(10);
    /** Records per poll: one batch, one ledger flush and one commit. */
    static final int BATCH = 500;

    private final KafkaSettings kafka;
    private final String applicationId;
    private final Map<String, List<Integration>> integrations;
    private final BackoffPolicy policy;
    private final Duration answerLimit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Deserializer<LedgerEntry> entries = JsonSerde.of(LedgerEntry.class).deserializer();
    private final Thread thread = new Thread(this::run, "tocsin-delivery");
    private final AtomicInteger laneThreads = new AtomicInteger();
    // Lanes are few (one per destination in a batch, bounded by the config), and they block on
    // channel calls and retry waits: a thread each.
    private final ExecutorService lanes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tocsin-delivery-lane-" + laneThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private volatile boolean running;
    private volatile Instant lastPoll;
    private volatile Throwable failure;

    // Set in start(); afterwards touched only by the worker thread (the metrics binders only read).
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaLedger ledger;
    private DecisionDelivery delivery;
    private LedgerScan scan;
    private List<KafkaClientMetrics> clientMetrics = List.of();
    // Worker-thread state.
    private final AlreadyDelivered delivered = new AlreadyDelivered();
    private DeliveryBatch current;

    public DeliveryWorker(KafkaSettings kafka, String applicationId, Map<String, List<Integration>> integrations,
            BackoffPolicy policy, Duration requestTimeout, MeterRegistry registry, Clock clock) {
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.integrations = Map.copyOf(integrations);
        this.policy = policy;
        this.answerLimit = requestTimeout.plus(ANSWER_MARGIN);
        this.registry = registry;
        this.clock = clock;
        thread.setDaemon(true);
    }

    public static String groupId(String applicationId) {
        return applicationId + "-delivery";
    }

    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("already started");
        }
        Properties props = kafka.committedReader(groupId(applicationId), applicationId + "-delivery");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ledger = new KafkaLedger(kafka, applicationId + "-ledger");
        // Lanes pass their own waits; this one is for deliver(), which the worker does not use.
        delivery = new DecisionDelivery(integrations, policy, answerLimit, ledger, registry, clock, d -> false,
                () -> ThreadLocalRandom.current().nextDouble());
        scan = new LedgerScan(kafka, applicationId + "-delivery-scan", SCAN_LIMIT);
        clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(ledger.producer()));
        clientMetrics.forEach(m -> m.bindTo(registry));
        lastPoll = clock.instant();
        running = true;
        thread.start();
    }

    /** Wakes the worker wherever it waits and joins it; true if it ended within the timeout. */
    public boolean stop(Duration timeout) {
        synchronized (this) {
            if (!running) {
                return !thread.isAlive();
            }
            running = false;
        }
        consumer.wakeup();
        try {
            // The wakeup ends a poll or a retry wait. Only a channel call still waiting for its
            // answer needs an interrupt, and an interrupt would also cut the consumer's goodbye
            // to the group short, so it comes second.
            thread.join(Math.min(timeout.toMillis(), WAKEUP_GRACE.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Math.max(1, timeout.minus(WAKEUP_GRACE).toMillis()));
            }
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
        String detail = "last poll " + since.toMillis() + " ms ago";
        return since.compareTo(STALE) > 0 ? Health.Check.down(detail) : Health.Check.up(detail);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.NOTIFICATIONS), new Rebalance());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                lastPoll = clock.instant();
                if (!records.isEmpty()) {
                    deliver(records);
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
            // Clear the interrupt so that closing can still talk to the broker.
            Thread.interrupted();
            close();
        }
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        List<DeliveryBatch.Polled> polled = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            LedgerEntry entry = decode(r);
            boolean decision = entry != null && entry.kind() == LedgerEntry.Kind.DECISION;
            polled.add(new DeliveryBatch.Polled(new TopicPartition(r.topic(), r.partition()), r.offset(),
                    decision ? entry : null));
        }
        DeliveryBatch batch = new DeliveryBatch(polled, delivery, delivered);
        if (batch.skipped() > 0) {
            log.info("{} deliveries already in the ledger from before a restart or rebalance: not sent again",
                    batch.skipped());
            registry.counter("tocsin.notifier.delivery.skipped", "reason", "already_delivered").increment(batch.skipped());
        }
        // Stays set until committed: if anything below throws, close() winds the batch down.
        current = batch;
        long started = System.nanoTime();
        batch.start(delivery, lanes);
        awaitWhilePolling(batch);
        long deliveredAt = System.nanoTime();
        finish(batch, batch.partitions());
        log.debug("batch of {} records on {} lanes: delivered in {} ms, ledger flushed and committed in {} ms",
                records.count(), batch.lanes(), (deliveredAt - started) / 1_000_000, (System.nanoTime() - deliveredAt) / 1_000_000);
        current = null;
        Optional<Throwable> f = batch.failure();
        if (f.isPresent()) {
            throw new IllegalStateException("a delivery lane failed", f.get());
        }
    }

    /** Keeps the consumer polling, paused, until every lane has ended; stopping cuts the lanes short. */
    private void awaitWhilePolling(DeliveryBatch batch) {
        long stopDeadline = 0;
        boolean paused = false;
        try {
            while (!batch.await(BUSY_POLL)) {
                if (!running) {
                    batch.stop();
                    if (stopDeadline == 0) {
                        stopDeadline = System.nanoTime() + WAKEUP_GRACE.toNanos();
                    } else if (System.nanoTime() > stopDeadline) {
                        // Only a channel call still waiting for its answer is left: interrupt it.
                        lanes.shutdownNow();
                    }
                    continue;
                }
                if (!paused) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                }
                try {
                    rewind(consumer.poll(Duration.ZERO));
                    lastPoll = clock.instant();
                } catch (WakeupException e) {
                    // stop(): the loop sees running == false and winds the lanes down.
                }
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        } finally {
            if (paused) {
                consumer.resume(consumer.assignment());
            }
        }
    }

    /**
     * Makes the batch's attempts durable, then commits, for the given partitions, up to the first
     * decision not fully handled. Never commits past an attempt that might not be written.
     */
    private void finish(DeliveryBatch batch, Collection<TopicPartition> tps) {
        ledger.flush();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition tp : tps) {
            if (owned.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(batch.resumeAt(tp)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        commit(offsets);
        offsets.forEach((tp, o) -> {
            delivered.committed(tp, o.offset());
            if (running && !batch.finished(tp)) {
                // Only a lane failure leaves an owned partition unfinished while running: read it again.
                consumer.seek(tp, o.offset());
            }
        });
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            // stop()'s wakeup found no blocking call and landed here: the commit still matters.
            consumer.commitSync(offsets);
        }
    }

    private LedgerEntry decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return entries.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.warn("skipping ledger record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            registry.counter("tocsin.notifier.delivery.skipped", "reason", "undecodable").increment();
            return null;
        }
    }

    /** Paused partitions return nothing; should one slip through anyway, fetch it again later. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            delivered.forget(partitions);
            DeliveryBatch batch = current;
            if (batch == null) {
                return; // every batch commits before the next poll: nothing is pending
            }
            // Hand over cleanly: nothing new starts on these partitions, calls under way finish,
            // their attempts are written and what is done is committed before the next owner reads.
            batch.halt(partitions);
            try {
                if (!batch.awaitIdle(partitions, answerLimit)) {
                    log.warn("a delivery for a revoked partition is still under way; the next owner may repeat it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<TopicPartition> mine = partitions.stream().filter(batch.partitions()::contains).toList();
            finish(batch, mine);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            delivered.forget(partitions);
            DeliveryBatch batch = current;
            if (batch != null) {
                batch.halt(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (current != null) {
                // Assigned while a batch is out: keep it quiet until the batch is done.
                consumer.pause(partitions);
            }
            lookUpAlreadyDelivered(partitions);
        }
    }

    /** Reads what the previous owner delivered past the committed offsets, so that it is not sent twice. */
    private void lookUpAlreadyDelivered(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        consumer.committed(Set.copyOf(partitions)).forEach((tp, o) -> {
            if (o != null) {
                from.put(tp, o.offset());
            }
        });
        if (from.isEmpty()) {
            return;
        }
        scan.read(from, consumer.endOffsets(from.keySet()), delivered);
    }

    private void close() {
        DeliveryBatch batch = current;
        if (batch != null) {
            // Interrupted in the middle of a batch: wind it down and keep what is done.
            batch.stop();
            try {
                if (!batch.await(WAKEUP_GRACE)) {
                    lanes.shutdownNow();
                    batch.await(WAKEUP_GRACE);
                }
                finish(batch, batch.partitions());
            } catch (InterruptedException | RuntimeException e) {
                log.warn("could not commit delivered offsets on close: {}", e.toString());
            }
            current = null;
        }
        lanes.shutdownNow();
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("closing the delivery consumer: {}", e.toString());
        }
        ledger.close();
    }
}
