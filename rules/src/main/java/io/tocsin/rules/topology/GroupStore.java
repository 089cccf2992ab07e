package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.AlertStatus;
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
 * Stage 2's state of one task, held as objects in memory: a header per (rule, group) and a
 * window ring per (input, group), which the rules of one input read together. As each commit is
 * prepared, what changed since the last is written to two changelogged stores, read only when the
 * task starts: the headers as they are, the rings as one record per bucket, so a ring writes only the
 * buckets that changed.
 */
final class GroupStore {
    private final KeyValueStore<GroupKey, GroupState> headerStore;
    private final KeyValueStore<BucketKey, Partial> bucketStore;
    private final Map<GroupKey, GroupState> headers = new HashMap<>();
    private final Map<RingKey, List<Bucket>> rings = new HashMap<>();
    /** Changed since the last write-back, with what the store holds for them (null: nothing). */
    private final Map<GroupKey, GroupState> storedHeaders = new HashMap<>();

    private final Map<RingKey, List<Bucket>> storedRings = new HashMap<>();
    /**
     * A header key that holds no group but how far an input share's windows were judged (the
     * input's id is its group's one label, the time its observedSince), so that a task that starts
     * again judges the window edges its input passed while it was down ({@link PassedEdges}).
     * Nothing else reads these keys: {@link #groups} leaves them out, and the API lists only
     * active groups.
     */
    static final String JUDGED_THROUGH = "\u0000judged-through";

    private final Map<String, Long> judgedThrough = new HashMap<>();
    /** What the store holds of {@link #judgedThrough}. */
    private final Map<String, Long> storedJudgedThrough = new HashMap<>();

    /** One instance per group label set, which every key here holds: see {@link #canonical}. */
    private final Map<Labels, Labels> canonical = new HashMap<>();

    GroupStore(KeyValueStore<GroupKey, GroupState> headerStore, KeyValueStore<BucketKey, Partial> bucketStore) {
        this.headerStore = headerStore;
        this.bucketStore = bucketStore;
        try (KeyValueIterator<GroupKey, GroupState> it = headerStore.all()) {
            it.forEachRemaining(kv -> {
                if (JUDGED_THROUGH.equals(kv.key.ruleId())) {
                    judgedThrough.put(kv.key.group().get("input"), kv.value.observedSinceMs());
                } else {
                    headers.put(new GroupKey(kv.key.ruleId(), canonical(kv.key.group())), kv.value);
                }
            });
            storedJudgedThrough.putAll(judgedThrough);
        }
        Map<RingKey, List<Bucket>> restored = new HashMap<>();
        try (KeyValueIterator<BucketKey, Partial> it = bucketStore.all()) {
            while (it.hasNext()) {
                KeyValue<BucketKey, Partial> kv = it.next();
                restored.computeIfAbsent(
                                new RingKey(kv.key.inputId(), canonical(kv.key.group())), k -> new ArrayList<>())
                        .add(new Bucket(kv.key.bucketStart(), kv.value));
            }
        }
        restored.forEach((key, ring) -> {
            ring.sort(Comparator.comparingLong(Bucket::start));
            rings.put(key, List.copyOf(ring));
        });
    }

    /**
     * The instance of an equal label set that this store's keys already hold. Updates arrive with
     * label sets freshly decoded; keyed by this one, every lookup of a group compares by identity
     * instead of walking two label maps. Sets no key holds any more are let go in bulk.
     */
    Labels canonical(Labels group) {
        Labels known = canonical.get(group);
        if (known != null) {
            return known;
        }
        if (canonical.size() > 2 * (headers.size() + rings.size()) + 10_000) {
            canonical.clear();
            headers.keySet().forEach(k -> canonical.put(k.group(), k.group()));
            rings.keySet().forEach(k -> canonical.put(k.group(), k.group()));
            known = canonical.get(group);
            if (known != null) {
                return known;
            }
        }
        canonical.put(group, group);
        return group;
    }

    GroupState header(GroupKey key) {
        return headers.get(key);
    }

    Set<GroupKey> groups() {
        return headers.keySet();
    }

    void putHeader(GroupKey key, GroupState next) {
        GroupState prev = headers.put(key, next);
        if (!next.equals(prev) && !storedHeaders.containsKey(key)) {
            storedHeaders.put(key, prev);
        }
    }

    void removeHeader(GroupKey key) {
        GroupState prev = headers.remove(key);
        if (prev != null && !storedHeaders.containsKey(key)) {
            storedHeaders.put(key, prev);
        }
    }

    /** @return the ring's buckets in time order; empty when there is none */
    List<Bucket> ring(RingKey key) {
        return rings.getOrDefault(key, List.of());
    }

    Set<RingKey> ringKeys() {
        return rings.keySet();
    }

    /** An empty ring is removed. */
    void putRing(RingKey key, List<Bucket> next) {
        List<Bucket> prev = next.isEmpty() ? rings.remove(key) : rings.put(key, next);
        if (!storedRings.containsKey(key)) {
            storedRings.put(key, prev == null ? List.of() : prev);
        }
    }

    /** @return per input share, how far its windows were judged when this task's state was last written */
    Map<String, Long> judgedThrough() {
        return Map.copyOf(judgedThrough);
    }

    /** How far each input share's windows are judged now: written with the next {@link #writeBack}. */
    void judgedThrough(Map<String, Long> now) {
        judgedThrough.clear();
        judgedThrough.putAll(now);
    }

    /** Writes what changed since the last call: as each commit is prepared ({@link CommitHook}). */
    void writeBack() {
        writeJudgedThrough();
        storedHeaders.forEach((key, stored) -> {
            GroupState now = headers.get(key);
            if (now == null) {
                if (stored != null) {
                    headerStore.delete(key);
                }
            } else if (!now.equals(stored)) {
                headerStore.put(key, now);
            }
        });
        storedHeaders.clear();
        storedRings.forEach((key, stored) -> writeRingChanges(key, stored, rings.getOrDefault(key, List.of())));
        storedRings.clear();
    }

    private void writeJudgedThrough() {
        if (judgedThrough.equals(storedJudgedThrough)) {
            return;
        }
        judgedThrough.forEach((input, t) -> {
            if (!t.equals(storedJudgedThrough.get(input))) {
                headerStore.put(judgedKey(input), new GroupState("", AlertStatus.INACTIVE, null, t));
            }
        });
        storedJudgedThrough.keySet().stream()
                .filter(input -> !judgedThrough.containsKey(input))
                .forEach(input -> headerStore.delete(judgedKey(input)));
        storedJudgedThrough.clear();
        storedJudgedThrough.putAll(judgedThrough);
    }

    private static GroupKey judgedKey(String inputId) {
        return new GroupKey(JUDGED_THROUGH, Labels.of("input", inputId));
    }

    /** Both rings are ordered by start: one walk finds the buckets added, changed and dropped. */
    private void writeRingChanges(RingKey key, List<Bucket> before, List<Bucket> after) {
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            Bucket old = i < before.size() ? before.get(i) : null;
            Bucket now = j < after.size() ? after.get(j) : null;
            if (now == null || (old != null && old.start() < now.start())) {
                bucketStore.delete(new BucketKey(key.inputId(), key.group(), old.start()));
                i++;
            } else if (old == null || now.start() < old.start()) {
                bucketStore.put(new BucketKey(key.inputId(), key.group(), now.start()), now.partial());
                j++;
            } else {
                if (old != now && !old.partial().equals(now.partial())) {
                    bucketStore.put(new BucketKey(key.inputId(), key.group(), now.start()), now.partial());
                }
                i++;
                j++;
            }
        }
    }
}
