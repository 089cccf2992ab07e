package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.ops.Health;
import io.tocsin.notifier.ledger.KafkaLedger;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
 * Reads decisions from the ledger topic and delivers them, on its own thread with a plain
 * consumer. A decision's offset is committed only once it is fully handled (delivered or
 * dead-lettered, attempts written), so a crash re-delivers rather than loses. While it waits to
 * retry it keeps polling with its partitions paused: the group does not evict it, and it learns
 * at once when a partition moves away.
 */
public final class DeliveryWorker {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PAUSED_POLL = Duration.ofSeconds(1);
    /** Polls happen every second at most, even while retrying; this much silence means stuck. */
    private static final Duration STALE = Duration.ofSeconds(30);
    /** On top of the request timeout, before an unanswered channel call counts as failed. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
    private static final Duration WAKEUP_GRACE = Duration.ofSeconds(6);

    private final KafkaSettings kafka;
    private final String applicationId;
    private final Map<String, List<Integration>> integrations;
    private final BackoffPolicy policy;
    private final Duration answerLimit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Deserializer<LedgerEntry> entries = JsonSerde.of(LedgerEntry.class).deserializer();
    private final Thread thread = new Thread(this::run, "tocsin-delivery");

    private volatile boolean running;
    private volatile Instant lastPoll;
    private volatile Throwable failure;

    // Set in start(); afterwards touched only by the worker thread (the metrics binders only read).
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaLedger ledger;
    private DecisionDelivery delivery;
    private List<KafkaClientMetrics> clientMetrics = List.of();
    // Worker-thread state.
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private final Set<TopicPartition> revokedSinceFetch = new HashSet<>();
    /** Where each partition was committed when it was assigned: a decision part-way through, maybe. */
    private final Map<TopicPartition, OffsetAndMetadata> committedAtAssignment = new HashMap<>();
    private TopicPartition delivering;

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
        // A decision can take long (retries); fetch few at a time.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ledger = new KafkaLedger(kafka, applicationId + "-ledger");
        delivery = new DecisionDelivery(integrations, policy, answerLimit, ledger, registry, clock, this::pausedSleep,
                () -> ThreadLocalRandom.current().nextDouble());
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
                revokedSinceFetch.clear();
                handle(records);
                commitHandled();
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

    private void handle(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                if (!running || revokedSinceFetch.contains(tp)) {
                    break;
                }
                LedgerEntry entry = decode(record);
                if (entry != null && entry.kind() == LedgerEntry.Kind.DECISION) {
                    delivering = tp;
                    DecisionDelivery.Handled h;
                    Set<String> finished = new HashSet<>(resumed(tp, record.offset(), entry.id()));
                    try {
                        h = delivery.deliver(entry, finished, name -> {
                            finished.add(name);
                            commitProgress(tp, record.offset(), entry.id(), finished);
                        });
                    } finally {
                        delivering = null;
                    }
                    if (h == DecisionDelivery.Handled.INTERRUPTED) {
                        // Stopping, or the partition moved: whoever reads it next starts at this decision.
                        break;
                    }
                    ledger.flush();
                    handled.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    commitHandled();
                } else {
                    handled.put(tp, new OffsetAndMetadata(record.offset() + 1));
                }
            }
        }
    }

    /** Channels of the decision at this offset finished before a crash or a partition move. */
    private Set<String> resumed(TopicPartition tp, long offset, String decisionId) {
        OffsetAndMetadata committed = committedAtAssignment.get(tp);
        if (committed == null || committed.offset() != offset) {
            return Set.of();
        }
        ChannelProgress p = ChannelProgress.parse(committed.metadata());
        return p != null && p.decisionId().equals(decisionId) ? p.finished() : Set.of();
    }

    /**
     * Commits the decision's own offset (so it is read again after a crash) with the channels done
     * so far: a receiver's first channel is not notified twice because its second one was slow.
     * It also covers every record before the decision, so what was pending for the partition goes.
     */
    private void commitProgress(TopicPartition tp, long offset, String decisionId, Set<String> finished) {
        handled.remove(tp);
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset, new ChannelProgress(decisionId, finished).encode())));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not worth stopping delivery for: at worst, a crash now sends these channels again.
            log.warn("could not record the channels done for {} on {}: {}", decisionId, tp, e.toString());
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

    private void commitHandled() {
        if (!handled.isEmpty()) {
            consumer.commitSync(handled);
            handled.clear();
        }
    }

    /**
     * The worker's {@link Sleeper}: a poll with every partition paused returns nothing and waits,
     * which keeps this member in the group and runs rebalance callbacks while it waits.
     */
    private boolean pausedSleep(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        consumer.pause(consumer.assignment());
        try {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                ConsumerRecords<String, byte[]> unexpected = consumer.poll(
                        Duration.ofNanos(Math.min(left, PAUSED_POLL.toNanos())));
                lastPoll = clock.instant();
                rewind(unexpected);
                if (delivering != null && revokedSinceFetch.contains(delivering)) {
                    return false;
                }
            }
            return false;
        } catch (WakeupException | InterruptException e) {
            return false;
        } finally {
            consumer.resume(consumer.assignment());
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
            revokedSinceFetch.addAll(partitions);
            partitions.forEach(committedAtAssignment::remove);
            Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
            partitions.forEach(tp -> {
                OffsetAndMetadata o = handled.remove(tp);
                if (o != null) {
                    mine.put(tp, o);
                }
            });
            if (!mine.isEmpty()) {
                consumer.commitSync(mine);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revokedSinceFetch.addAll(partitions);
            partitions.forEach(committedAtAssignment::remove);
            partitions.forEach(handled::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                consumer.committed(new HashSet<>(partitions)).forEach((tp, o) -> {
                    if (o != null) {
                        committedAtAssignment.put(tp, o);
                    }
                });
            }
            if (delivering != null) {
                // Assigned during a retry wait: keep it quiet until the wait is over.
                consumer.pause(partitions);
            }
        }
    }

    private void close() {
        // Twice: a wakeup from stop() that found no blocking call lands on the first commit.
        for (int i = 0; i < 2 && !handled.isEmpty(); i++) {
            try {
                commitHandled();
            } catch (WakeupException e) {
                continue;
            } catch (RuntimeException e) {
                log.warn("could not commit delivered offsets on close: {}", e.toString());
                break;
            }
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("closing the delivery consumer: {}", e.toString());
        }
        ledger.close();
    }
}
