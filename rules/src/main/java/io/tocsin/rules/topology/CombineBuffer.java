package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1's map-side combine: a partial per (input, group, bucket), gathered across the series of
 * a task and sent to stage 2 once, as the next commit is prepared ({@link CommitHook}). Every
 * commit therefore carries the partials of every sample it commits, and nothing of the combine
 * needs to be stored: after a crash the uncommitted samples are read again and combined anew.
 */
final class CombineBuffer {
    /** Bounds a repartition record well below Kafka's 1 MB request size, whatever the cardinality. */
    static final int MAX_BATCH = 2_000;

    private final Map<PendingKey, Partial> pending = new HashMap<>();
    private long oldestMs = Long.MAX_VALUE;

    void add(PendingKey key, Partial partial, long nowMs) {
        pending.merge(key, partial, Partial::merge);
        oldestMs = Math.min(oldestMs, nowMs);
    }

    /** When the oldest partial not yet sent was gathered, by the wall clock; MAX_VALUE when none. */
    long oldestMs() {
        return oldestMs;
    }

    /**
     * Every partial gathered since the last flush, and the given heartbeats, go to stage 2 in one
     * record per slot, stamped with the newest event time in it.
     */
    void flush(ProcessorContext<Integer, UpdateBatch> context, List<BucketUpdate> heartbeats, long now) {
        if (pending.isEmpty() && heartbeats.isEmpty()) {
            return;
        }
        Map<Integer, List<BucketUpdate>> bySlot = new HashMap<>();
        pending.forEach((k, p) -> bySlot.computeIfAbsent(Slots.of(k.target()), s -> new ArrayList<>())
                .add(new BucketUpdate(k.target().inputId, k.target().group, k.bucketStart(), p)));
        pending.clear();
        oldestMs = Long.MAX_VALUE;
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
