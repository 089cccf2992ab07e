package io.tocsin.notifier.delivery;

import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What a previous owner of a partition finished but did not get to commit: the (decision,
 * channel) pairs whose delivered attempt or dead letter is in the ledger past the committed
 * offset. Offsets are committed a few times a second, and a partition's commit waits for its
 * slowest destination, so a crash would otherwise re-send everything the other destinations
 * delivered since; with this, a decision is re-sent to a destination only when its attempt there
 * had not reached the ledger yet.
 * Bounded: it holds only the range between a partition's committed offset and its end when it was
 * assigned, and forgets a partition once the worker has committed past that range.
 */
public final class AlreadyDelivered {
    /** More than this many finished pairs past a commit means something else is wrong; stop noting. */
    static final int MAX_ENTRIES = 100_000;

    private final Map<TopicPartition, Set<String>> finished = new HashMap<>();
    private final Map<TopicPartition, Long> until = new HashMap<>();
    private int size;

    /** Whether this ledger entry says its decision is finished with on its channel. */
    static boolean finishes(LedgerEntry e) {
        return e.channel() != null
                && (e.kind() == LedgerEntry.Kind.DEAD_LETTER
                        || e.kind() == LedgerEntry.Kind.ATTEMPT
                                && DeliveryResult.Outcome.DELIVERED.wireName().equals(e.outcome()));
    }

    /** Starts noting for a partition whose ledger was read up to {@code endOffset} (exclusive). */
    public void scanned(TopicPartition tp, long endOffset) {
        until.put(tp, endOffset);
        finished.computeIfAbsent(tp, k -> new HashSet<>());
    }

    /** Notes one ledger entry read from {@code tp}; false once full. */
    public boolean note(TopicPartition tp, LedgerEntry e) {
        if (!finishes(e)) {
            return true;
        }
        if (size >= MAX_ENTRIES) {
            return false;
        }
        if (finished.computeIfAbsent(tp, k -> new HashSet<>()).add(key(e.id(), e.channel()))) {
            size++;
        }
        return true;
    }

    public boolean contains(TopicPartition tp, String decisionId, String channel) {
        Set<String> s = finished.get(tp);
        return s != null && s.contains(key(decisionId, channel));
    }

    /** The worker committed {@code offset} on {@code tp}: past the scanned range, nothing is left to skip. */
    public void committed(TopicPartition tp, long offset) {
        Long end = until.get(tp);
        if (end != null && offset >= end) {
            forget(tp);
        }
    }

    public void forget(Collection<TopicPartition> tps) {
        tps.forEach(this::forget);
    }

    private void forget(TopicPartition tp) {
        until.remove(tp);
        Set<String> s = finished.remove(tp);
        if (s != null) {
            size -= s.size();
        }
    }

    public int size() {
        return size;
    }

    private static String key(String decisionId, String channel) {
        return decisionId + '\u0000' + channel;
    }
}
