package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2's groups of one task. They are held as objects in memory and persisted as a header per
 * group (rule version, state machine, published labels) plus one record per window bucket, so an
 * update writes the one bucket that changed instead of the whole ring. Every change is written
 * through to the two changelogged stores, which are read only when the task starts.
 */
final class GroupStore {
    private final KeyValueStore<GroupKey, GroupState> headers;
    private final KeyValueStore<BucketKey, Partial> buckets;
    private final Map<GroupKey, GroupState> live = new HashMap<>();

    GroupStore(KeyValueStore<GroupKey, GroupState> headers, KeyValueStore<BucketKey, Partial> buckets) {
        this.headers = headers;
        this.buckets = buckets;
        try (KeyValueIterator<GroupKey, GroupState> it = headers.all()) {
            it.forEachRemaining(kv -> live.put(kv.key, kv.value));
        }
        Map<GroupKey, List<Bucket>> rings = new HashMap<>();
        List<BucketKey> orphans = new ArrayList<>();
        try (KeyValueIterator<BucketKey, Partial> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<BucketKey, Partial> kv = it.next();
                GroupKey group = new GroupKey(kv.key.ruleId(), kv.key.group());
                if (live.containsKey(group)) {
                    rings.computeIfAbsent(group, g -> new ArrayList<>()).add(new Bucket(kv.key.bucketStart(), kv.value));
                } else {
                    orphans.add(kv.key); // never expected: header and buckets change in one transaction
                }
            }
        }
        orphans.forEach(buckets::delete);
        rings.forEach((group, ring) -> {
            ring.sort(Comparator.comparingLong(Bucket::start));
            live.put(group, live.get(group).with(ring));
        });
    }

    GroupState get(GroupKey key) {
        return live.get(key);
    }

    Set<GroupKey> keys() {
        return live.keySet();
    }

    void put(GroupKey key, GroupState next) {
        GroupState prev = live.put(key, next);
        if (prev == null || !sameHeader(prev, next)) {
            headers.put(key, next.with(List.of()));
        }
        writeRingChanges(key, prev == null ? List.of() : prev.buckets(), next.buckets());
    }

    void remove(GroupKey key) {
        GroupState prev = live.remove(key);
        if (prev != null) {
            headers.delete(key);
            writeRingChanges(key, prev.buckets(), List.of());
        }
    }

    /** Both rings are ordered by start: one walk finds the buckets added, changed and dropped. */
    private void writeRingChanges(GroupKey key, List<Bucket> before, List<Bucket> after) {
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            Bucket old = i < before.size() ? before.get(i) : null;
            Bucket now = j < after.size() ? after.get(j) : null;
            if (now == null || (old != null && old.start() < now.start())) {
                buckets.delete(bucketKey(key, old.start()));
                i++;
            } else if (old == null || now.start() < old.start()) {
                buckets.put(bucketKey(key, now.start()), now.partial());
                j++;
            } else {
                if (old != now && !old.partial().equals(now.partial())) {
                    buckets.put(bucketKey(key, now.start()), now.partial());
                }
                i++;
                j++;
            }
        }
    }

    private static BucketKey bucketKey(GroupKey key, long start) {
        return new BucketKey(key.ruleId(), key.group(), start);
    }

    private static boolean sameHeader(GroupState a, GroupState b) {
        return a.ruleVersion().equals(b.ruleVersion()) && a.status().equals(b.status())
                && java.util.Objects.equals(a.published(), b.published()) && a.observedSinceMs() == b.observedSinceMs();
    }
}
