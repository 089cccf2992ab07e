package io.tocsin.notifier.delivery;

import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's worth of ledger records, delivered as one batch: each destination gets its
 * deliveries in ledger order on a lane of its own, destinations run concurrently, and the
 * worker writes the ledger and commits offsets once for the whole batch. A partition's offset
 * only moves past a decision once every channel of it is finished, so a stop or a partition
 * moving away part-way leaves the rest for whoever reads the partition next.
 */
final class DeliveryBatch {

    /** One record of the poll; {@code decision} is null for anything that is not a decision. */
    record Polled(TopicPartition tp, long offset, LedgerEntry decision) {}

    /** A decision and how many of its channels are still to finish. */
    private static final class Work {
        final long offset;
        final LedgerEntry decision;
        final AtomicInteger remaining;

        Work(long offset, LedgerEntry decision, int channels) {
            this.offset = offset;
            this.decision = decision;
            this.remaining = new AtomicInteger(channels);
        }
    }

    private record Item(TopicPartition tp, Work work, Integration integration) {}

    private final Map<TopicPartition, List<Work>> works = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<String, List<Item>> lanes = new LinkedHashMap<>();
    private final Set<TopicPartition> halted = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Integer> running = new HashMap<>(); // guarded by lock
    private final Object lock = new Object();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch lanesLeft;
    private volatile boolean stopping;
    private int skipped;

    /**
     * Sorts the records into lanes; decisions for receivers no longer configured are
     * dead-lettered here and then, and channels {@code delivered} already finished are skipped.
     */
    DeliveryBatch(List<Polled> records, DecisionDelivery delivery, AlreadyDelivered delivered) {
        for (Polled p : records) {
            next.merge(p.tp(), p.offset() + 1, Math::max);
            if (p.decision() == null) {
                continue;
            }
            Optional<List<Integration>> channels = delivery.integrationsFor(p.decision());
            if (channels.isEmpty()) {
                delivery.deadLetterUnknownReceiver(p.decision());
                continue;
            }
            List<Integration> todo = new ArrayList<>();
            for (Integration i : channels.get()) {
                if (delivered.contains(p.tp(), p.decision().id(), i.name())) {
                    skipped++;
                } else {
                    todo.add(i);
                }
            }
            Work w = new Work(p.offset(), p.decision(), todo.size());
            works.computeIfAbsent(p.tp(), k -> new ArrayList<>()).add(w);
            for (Integration i : todo) {
                lanes.computeIfAbsent(i.destination(), k -> new ArrayList<>()).add(new Item(p.tp(), w, i));
            }
        }
        lanesLeft = new CountDownLatch(lanes.size());
    }

    /** Channels not called because the ledger says an earlier owner already finished them. */
    int skipped() {
        return skipped;
    }

    int lanes() {
        return lanes.size();
    }

    /** Starts every lane on {@code executor}; {@code delivery} does the retrying within a lane. */
    void start(DecisionDelivery delivery, Executor executor) {
        lanes.values().forEach(items -> executor.execute(() -> runLane(items, delivery)));
    }

    private void runLane(List<Item> items, DecisionDelivery delivery) {
        try {
            for (Item item : items) {
                if (!enter(item.tp())) {
                    // Stopping, or the partition moved: its later items are skipped too, so that
                    // the next owner delivers them after this one, in order.
                    continue;
                }
                try {
                    DecisionDelivery.Handled h = delivery.deliverVia(item.work().decision, item.integration(),
                            d -> sleep(d, item.tp()));
                    if (h == DecisionDelivery.Handled.DONE) {
                        item.work().remaining.decrementAndGet();
                    } else {
                        halt(List.of(item.tp()));
                    }
                } finally {
                    leave(item.tp());
                }
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            stop();
        } finally {
            lanesLeft.countDown();
        }
    }

    private boolean enter(TopicPartition tp) {
        synchronized (lock) {
            if (stopping || halted.contains(tp)) {
                return false;
            }
            running.merge(tp, 1, Integer::sum);
            return true;
        }
    }

    private void leave(TopicPartition tp) {
        synchronized (lock) {
            running.merge(tp, -1, (a, b) -> a + b == 0 ? null : a + b);
            lock.notifyAll();
        }
    }

    /** A lane's wait between attempts: ends early, with false, when its partition is halted or all stop. */
    private boolean sleep(Duration d, TopicPartition tp) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!stopping && !halted.contains(tp)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** No lane starts anything more for these partitions, and waits end. */
    void halt(Collection<TopicPartition> tps) {
        synchronized (lock) {
            halted.addAll(tps);
            lock.notifyAll();
        }
    }

    /** No lane starts anything more, and waits end. */
    void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
    }

    /** Waits until no channel call for these partitions is under way; true if so within the timeout. */
    boolean awaitIdle(Collection<TopicPartition> tps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (tps.stream().anyMatch(running::containsKey)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Waits for every lane to end; true if they did within the timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        return lanesLeft.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A lane's unexpected exception (a bug), if one ended it. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The partitions this batch read from. */
    Set<TopicPartition> partitions() {
        return next.keySet();
    }

    /**
     * Where reading should go on in {@code tp}: the first decision not finished on every channel,
     * or past the batch's last record when all are. Meaningful once no lane works on {@code tp}.
     */
    long resumeAt(TopicPartition tp) {
        for (Work w : works.getOrDefault(tp, List.of())) {
            if (w.remaining.get() > 0) {
                return w.offset;
            }
        }
        return next.get(tp);
    }

    /** Whether every decision of {@code tp} in this batch is finished. */
    boolean finished(TopicPartition tp) {
        return works.getOrDefault(tp, List.of()).stream().allMatch(w -> w.remaining.get() == 0);
    }
}
