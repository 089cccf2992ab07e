package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1's map-side combine: a partial per (input, group, bucket), gathered across the series of
 * a task until the next flush sends each to stage 2 once. The partials live in memory; before
 * every commit the ones changed since the last are written back to a changelogged store, so that
 * under exactly-once a partial whose samples were committed but which was not yet forwarded
 * survives a crash. The store is read only when a task starts.
 */
final class CombineBuffer {
    /** Bounds a repartition record well below Kafka's 1 MB request size, whatever the cardinality. */
    static final int MAX_BATCH = 2_000;

    private final KeyValueStore<BucketKey, Partial> store;
    private final Map<BucketKey, Pending> pending = new HashMap<>();
    /** Forwarded since the last write-back and in the store: to be deleted from it. */
    private final List<BucketKey> forwardedStored = new ArrayList<>();

    /** One map entry per key, so a sample costs one lookup. */
    private static final class Pending {
        Partial partial;
        boolean changed; // since the last write-back
        boolean stored; // a partial gathered and forwarded between two commits never reaches the store
    }

    CombineBuffer(WriteBackStore<BucketKey, Partial> store) {
        this.store = store;
        try (KeyValueIterator<BucketKey, Partial> it = store.all()) {
            it.forEachRemaining(kv -> {
                Pending p = new Pending();
                p.partial = kv.value;
                p.stored = true;
                pending.put(kv.key, p);
            });
        }
        store.beforeCommit(this::writeBack);
    }

    void add(BucketKey key, Partial partial) {
        Pending p = pending.computeIfAbsent(key, k -> new Pending());
        p.partial = Partial.merge(p.partial, partial);
        p.changed = true;
    }

    private void writeBack() {
        forwardedStored.forEach(store::delete);
        forwardedStored.clear();
        pending.forEach((k, p) -> {
            if (p.changed) {
                store.put(k, p.partial);
                p.changed = false;
                p.stored = true;
            }
        });
    }

    /**
     * Every partial gathered since the last flush, and the given heartbeats, go to stage 2 in one
     * record per slot, stamped with the newest event time in it.
     */
    void flush(ProcessorContext<Integer, UpdateBatch> context, List<BucketUpdate> heartbeats, long now) {
        Map<Integer, List<BucketUpdate>> bySlot = new HashMap<>();
        for (Map.Entry<BucketKey, Pending> e : pending.entrySet()) {
            BucketKey k = e.getKey();
            bySlot.computeIfAbsent(Slots.of(k.inputId(), k.group()), s -> new ArrayList<>())
                    .add(new BucketUpdate(k.inputId(), k.group(), k.bucketStart(), e.getValue().partial));
            if (e.getValue().stored) {
                forwardedStored.add(k);
            }
        }
        pending.clear();
        for (BucketUpdate h : heartbeats) {
            bySlot.computeIfAbsent(Slots.of(h.inputId(), h.group()), s -> new ArrayList<>()).add(h);
        }
        bySlot.forEach((slot, updates) -> {
            for (int from = 0; from < updates.size(); from += MAX_BATCH) {
                List<BucketUpdate> chunk = updates.subList(from, Math.min(updates.size(), from + MAX_BATCH));
                context.forward(new Record<>(slot, new UpdateBatch(chunk), newest(chunk, now)));
            }
        });
    }

    private static long newest(List<BucketUpdate> updates, long now) {
        long ts = 0;
        for (BucketUpdate u : updates) {
            ts = Math.max(ts, u.partial() == null ? now : Math.max(u.bucketStart(), u.partial().lastTs()));
        }
        return ts;
    }
}
