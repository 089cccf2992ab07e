package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** Targets are shared between series to compare by identity; past this many the table starts over. */
    private static final int MAX_TARGETS = 1_000_000;

    private static final Comparator<BucketUpdate> BY_BUCKET =
            Comparator.comparingLong(BucketUpdate::bucketStart).thenComparingLong(BucketUpdate::arrivalMs);

    private final Map<Target, Target> targets = new HashMap<>();
    /** Targets whose open partial holds data gathered since the last flush. */
    private final List<Target> opened = new ArrayList<>();
    /** Partials of a target for any bucket but its open one: a commit that spans a bucket edge, late data. */
    private final Map<PendingKey, Partial> others = new HashMap<>();

    private long oldestMs = Long.MAX_VALUE;

    /**
     * The one instance of a target this buffer combines into. After the table starts over, an
     * equal target may exist twice: both send their partials, and stage 2 merges them as any two.
     */
    Target target(String inputId, Labels group) {
        if (targets.size() >= MAX_TARGETS) {
            targets.clear();
        }
        return targets.computeIfAbsent(new Target(inputId, group), t -> t);
    }

    /**
     * Nearly every sample falls in its target's current bucket: that partial is held by the
     * target itself and merged without a lookup. A map per (target, bucket) was a tenth of the
     * stream thread's time.
     */
    void add(Target target, long bucketStart, Partial partial, long nowMs) {
        add(target, bucketStart, null, 0, partial, nowMs);
    }

    /**
     * @param writer  the push the sample came in, for a share judged by arrival: its partials are
     *     kept apart per push, so that every part of a push reaches stage 2 with the push's own
     *     arrival (a partial combining two pushes would enter stage 2's window at the later one's,
     *     while the earlier push's parts from other sources entered at its own: half a push);
     *     null otherwise
     * @param arrivalMs that push's arrival; 0 when {@code writer} is null
     */
    void add(Target target, long bucketStart, String writer, long arrivalMs, Partial partial, long nowMs) {
        if (target.open == null) {
            target.open = partial;
            target.openBucket = bucketStart;
            target.openWriter = writer;
            target.openArrival = arrivalMs;
            opened.add(target);
        } else if (target.openBucket == bucketStart
                && target.openArrival == arrivalMs
                && Objects.equals(target.openWriter, writer)) {
            target.open = Partial.merge(target.open, partial);
        } else {
            others.merge(new PendingKey(target, bucketStart, writer, arrivalMs), partial, Partial::merge);
        }
        oldestMs = Math.min(oldestMs, nowMs);
    }

    /** Drops what was gathered and not sent: a revived task reads those samples again. */
    void clear() {
        opened.forEach(t -> {
            t.open = null;
            t.openWriter = null;
        });
        opened.clear();
        others.clear();
        oldestMs = Long.MAX_VALUE;
    }

    boolean isEmpty() {
        return opened.isEmpty() && others.isEmpty();
    }

    /** When the oldest partial not yet sent was gathered, by the wall clock; MAX_VALUE when none. */
    long oldestMs() {
        return oldestMs;
    }

    /**
     * Every partial gathered since the last flush, and the given heartbeats, go to stage 2 in one
     * record per slot (more if it holds over {@link #MAX_BATCH}), stamped with the newest event time
     * in it, in bucket order when they span several buckets; then the source's progress, if it is
     * due, to every stage-2 partition: it covers every update sent before it.
     */
    void flush(
            ProcessorContext<Integer, UpdateBatch> context,
            List<BucketUpdate> heartbeats,
            SourceClock clock,
            long now) {
        send(context, heartbeats, clock.source(), now);
        Progress progress = clock.due(now);
        if (progress != null) {
            context.forward(new Record<>(Slots.EVERY, UpdateBatch.of(progress), now));
        }
    }

    private void send(
            ProcessorContext<Integer, UpdateBatch> context,
            List<BucketUpdate> heartbeats,
            Progress.Source source,
            long now) {
        if (opened.isEmpty() && others.isEmpty() && heartbeats.isEmpty()) {
            return;
        }
        Map<Integer, List<BucketUpdate>> bySlot = new HashMap<>();
        for (Target t : opened) {
            bySlot.computeIfAbsent(Slots.of(t), s -> new ArrayList<>())
                    .add(new BucketUpdate(t.inputId, t.group, t.openBucket, t.open, t.openWriter, t.openArrival));
            t.open = null;
            t.openWriter = null;
        }
        opened.clear();
        boolean spansBuckets = !others.isEmpty();
        others.forEach((k, p) -> bySlot.computeIfAbsent(Slots.of(k.target()), s -> new ArrayList<>())
                .add(new BucketUpdate(
                        k.target().inputId, k.target().group, k.bucketStart(), p, k.writer(), k.arrivalMs())));
        others.clear();
        oldestMs = Long.MAX_VALUE;
        for (BucketUpdate h : heartbeats) {
            bySlot.computeIfAbsent(Slots.of(h.inputId(), h.group()), s -> new ArrayList<>())
                    .add(h);
        }
        bySlot.forEach((slot, updates) -> {
            if (spansBuckets) {
                // Oldest first, also across the records a slot is split into: a backlog read again
                // after a takeover spans many buckets, and stage 2 judges each record as it comes.
                updates.sort(BY_BUCKET);
            }
            for (int from = 0; from < updates.size(); from += MAX_BATCH) {
                List<BucketUpdate> chunk = updates.subList(from, Math.min(updates.size(), from + MAX_BATCH));
                context.forward(new Record<>(slot, new UpdateBatch(chunk, source, null), newest(chunk, now)));
            }
        });
    }

    private static long newest(List<BucketUpdate> updates, long now) {
        long ts = 0;
        for (BucketUpdate u : updates) {
            ts = Math.max(
                    ts,
                    u.partial() == null
                            ? now
                            : Math.max(u.bucketStart(), u.partial().lastTs()));
        }
        return ts;
    }
}
