package io.tocsin.tests.bench.windowed;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.BucketUpdate;
import io.tocsin.rules.topology.Progress;
import io.tocsin.rules.topology.PushMark;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.rules.topology.UpdateBatch;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the rules' repartition topic as stage 2 does (read_committed) and keeps when each push's
 * parts and the progress that makes it whole became readable: splits the rules' part of a windowed
 * alert (judged → readable on tocsin.alerts.v1) into stage 1 (the push's arrival → its parts and
 * its progress committed by stage 1) and stage 2 (→ the alert committed). Only shares judged by
 * push arrival (the ratio, the histogram) carry a push's arrival, so only those rows are split.
 */
final class RepartitionTap implements AutoCloseable {
    /** A share's part of one push, for one group: (alert kind, instance, the push's arrival). */
    record Part(String kind, String instance, long arrivalMs) {}

    /** When the first and the last of a push's parts for the group became readable. */
    record Seen(long firstMs, long lastMs) {}

    private final Map<Part, Seen> parts = new ConcurrentHashMap<>();
    /** Per stage-1 source, from how far its pushes were whole (the newest writer's) to when that was first readable. */
    private final Map<Progress.Source, NavigableMap<Long, Long>> whole = new ConcurrentHashMap<>();

    private final TopicTap<UpdateBatch> tap;

    RepartitionTap(String bootstrap, String idPrefix) {
        String topic = idPrefix + RulesSettings.APPLICATION_ID + "-" + RulesTopology.REPARTITION + "-repartition";
        tap = new TopicTap<>(
                bootstrap, topic, "repartition-tap", RulesTopology.UPDATE_BATCH.deserializer(), this::take);
    }

    private void take(ConsumerRecord<String, UpdateBatch> r, long now) {
        UpdateBatch batch = r.value();
        if (batch.progress() != null) {
            for (PushMark m : batch.progress().pushes()) {
                whole.computeIfAbsent(batch.progress().source(), s -> new ConcurrentSkipListMap<>())
                        .putIfAbsent(m.wholeThrough(), now);
            }
        }
        for (BucketUpdate u : batch.updates()) {
            if (u.partial() == null || u.arrivalMs() == 0) {
                continue;
            }
            String kind = u.partial().le() != null ? "P95High" : u.partial().over() != null ? "ErrorRatio" : null;
            if (kind == null) {
                continue;
            }
            Labels group = u.group();
            parts.merge(
                    new Part(kind, group.get("instance"), u.arrivalMs()),
                    new Seen(now, now),
                    (a, b) -> new Seen(Math.min(a.firstMs(), b.firstMs()), Math.max(a.lastMs(), b.lastMs())));
        }
    }

    /** When the push's parts for the group became readable; null when none was seen. */
    Seen parts(String kind, String instance, long arrivalMs) {
        return parts.get(new Part(kind, instance, arrivalMs));
    }

    /**
     * When every source's progress said the push is whole: the latest of the sources' first
     * progress that reached its arrival (every source of the scenario's pushes reads a part of each,
     * 12 instances' series falling in every partition); -1 when some source never said so.
     */
    long wholeMs(long arrivalMs) {
        long latest = -1;
        for (NavigableMap<Long, Long> bySource : whole.values()) {
            // the first read of any progress at or past the arrival: the smallest read time among them
            long first = Long.MAX_VALUE;
            for (long readMs : bySource.tailMap(arrivalMs, true).values()) {
                first = Math.min(first, readMs);
            }
            if (first == Long.MAX_VALUE) {
                return -1;
            }
            latest = Math.max(latest, first);
        }
        return latest;
    }

    @Override
    public void close() throws InterruptedException {
        tap.close();
    }
}
