package io.tocsin.notifier.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of the decisions read from each partition are still being delivered, and so where
 * reading must resume should this owner go away: at the first decision some destination has not
 * finished, or past the last record read when all are. Destinations finish decisions in any
 * order (each at its own pace); the committed offset only ever moves past a decision every one of
 * its destinations has finished. Thread-safe: the worker reads and commits, destinations finish.
 */
final class Progress {

    /** A decision's place: which partition, which ownership of it, which offset. */
    record Ticket(TopicPartition tp, long generation, long offset) {}

    private static final class Partition {
        final long generation;
        /** Offset of each unfinished decision → destinations still to finish it. */
        final TreeMap<Long, Integer> open = new TreeMap<>();

        long next = -1;
        boolean halted;

        Partition(long generation) {
            this.generation = generation;
        }
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private final Map<TopicPartition, Integer> running = new HashMap<>();
    private long generations;
    private int open;
    private boolean stopping;

    /** A record that is not (or no longer) anything to deliver was read at {@code offset}. */
    synchronized void read(TopicPartition tp, long offset) {
        Partition p = partition(tp);
        p.next = Math.max(p.next, offset + 1);
    }

    /** A decision at {@code offset} goes to {@code destinations} destinations (at least one). */
    synchronized Ticket open(TopicPartition tp, long offset, int destinations) {
        if (destinations < 1) {
            throw new IllegalArgumentException("a decision with nowhere to go is just read past");
        }
        Partition p = partition(tp);
        p.open.put(offset, destinations);
        p.next = Math.max(p.next, offset + 1);
        open++;
        return new Ticket(tp, p.generation, offset);
    }

    /** Whether work on this ticket may start or go on: not stopping, its partition still ours and not halted. */
    synchronized boolean live(Ticket t) {
        Partition p = partitions.get(t.tp());
        return !stopping && p != null && p.generation == t.generation() && !p.halted;
    }

    /** One destination has finished the decision (delivered or dead-lettered). */
    synchronized void finished(Ticket t) {
        Partition p = partitions.get(t.tp());
        if (p == null || p.generation != t.generation()) {
            return; // the partition was handed over meanwhile: its new reading starts from the commit
        }
        Integer left = p.open.get(t.offset());
        if (left == null) {
            return;
        }
        if (left == 1) {
            p.open.remove(t.offset());
            open--;
        } else {
            p.open.put(t.offset(), left - 1);
        }
    }

    /** A destination starts working on a decision of {@code tp}. */
    synchronized void enter(TopicPartition tp) {
        running.merge(tp, 1, Integer::sum);
    }

    /** ... and is done with it, for whatever reason. */
    synchronized void leave(TopicPartition tp) {
        running.merge(tp, -1, (a, b) -> a + b == 0 ? null : a + b);
        notifyAll();
    }

    /** Where reading should resume in {@code tp}; empty when nothing of it was read. */
    synchronized OptionalLong resumeAt(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p == null || p.next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(p.open.isEmpty() ? p.next : p.open.firstKey());
    }

    /** Decisions read and not yet finished by every destination, over all partitions. */
    synchronized int open() {
        return open;
    }

    synchronized Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /** Nothing more starts on these partitions, and waits end; calls under way finish and count. */
    synchronized void halt(Collection<TopicPartition> tps) {
        tps.forEach(tp -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.halted = true;
            }
        });
    }

    /** Nothing more starts anywhere, and waits end. */
    synchronized void stop() {
        stopping = true;
    }

    /** Forgets these partitions (handed over, committed): late results for them no longer count. */
    synchronized void release(Collection<TopicPartition> tps) {
        tps.forEach(tp -> {
            Partition p = partitions.remove(tp);
            if (p != null) {
                open -= p.open.size();
            }
        });
    }

    /** Waits until no destination works on these partitions; true if so within the timeout. */
    synchronized boolean awaitIdle(Collection<TopicPartition> tps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tps.stream().anyMatch(running::containsKey)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private Partition partition(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, k -> new Partition(++generations));
    }
}
