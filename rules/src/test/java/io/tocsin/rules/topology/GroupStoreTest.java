package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupStoreTest {
    private static final GroupKey A = new GroupKey("g/A", Labels.of("instance", "i-1"));
    private static final GroupKey B = new GroupKey("g/B", Labels.of("instance", "i-1"));
    private static final RingKey RING = new RingKey("share:1", Labels.of("instance", "i-1"));

    private KeyValueStore<GroupKey, GroupState> headers;
    private KeyValueStore<BucketKey, Partial> buckets;

    @BeforeEach
    void stores() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        headers = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("h"), RulesTopology.GROUP_KEY, RulesTopology.GROUP_STATE)
                .withLoggingDisabled()
                .build();
        buckets = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("b"), RulesTopology.BUCKET_KEY, RulesTopology.PARTIAL)
                .withLoggingDisabled()
                .build();
        headers.init(context.getStateStoreContext(), headers);
        buckets.init(context.getStateStoreContext(), buckets);
    }

    /** What the stage does as a commit is prepared. */
    private static void commit(GroupStore store) {
        store.writeBack();
    }

    private static GroupState state(Phase phase) {
        return new GroupState("v1", new AlertStatus(phase, 1, 2, 3, 4), Labels.of("alertname", "A"), 100);
    }

    private static List<Bucket> ring(long... starts) {
        List<Bucket> ring = new ArrayList<>();
        for (long s : starts) {
            ring.add(new Bucket(s, Partial.of(s / 1000.0, s + 1)));
        }
        return ring;
    }

    private List<Long> storedStarts() {
        List<Long> starts = new ArrayList<>();
        try (KeyValueIterator<BucketKey, Partial> it = buckets.all()) {
            it.forEachRemaining((KeyValue<BucketKey, Partial> kv) -> starts.add(kv.key.bucketStart()));
        }
        starts.sort(Long::compare);
        return starts;
    }

    @Test
    void headersAndRingsComeBackWholeWhenATaskRestartsOnTheSameStores() {
        GroupStore store = new GroupStore(headers, buckets);
        store.putHeader(A, state(Phase.PENDING));
        store.putHeader(B, state(Phase.INACTIVE));
        store.putRing(RING, ring(10_000, 20_000, 30_000));
        commit(store);

        GroupStore restarted = new GroupStore(headers, buckets);

        assertEquals(ring(10_000, 20_000, 30_000), restarted.ring(RING), "the ring is restored in time order");
        assertEquals(state(Phase.PENDING), restarted.header(A));
        assertEquals(Set.of(A, B), restarted.groups());
    }

    @Test
    void aNewSampleRewritesOnlyItsBucketAndPruningDeletesTheOldOnes() {
        GroupStore store = new GroupStore(headers, buckets);
        List<Bucket> before = ring(10_000, 20_000);
        store.putRing(RING, before);
        commit(store);
        store.putRing(RING, Window.add(before, 20_000, Partial.of(7, 25_000)));
        assertEquals(
                1,
                buckets.get(new BucketKey("share:1", RING.group(), 20_000)).count(),
                "nothing is written before a commit");
        commit(store);
        assertEquals(List.of(10_000L, 20_000L), storedStarts());
        assertEquals(
                2, buckets.get(new BucketKey("share:1", RING.group(), 20_000)).count());

        store.putRing(RING, List.of(new Bucket(30_000, Partial.of(1, 30_001))));
        commit(store);
        assertEquals(List.of(30_000L), storedStarts());
        assertEquals(store.ring(RING), new GroupStore(headers, buckets).ring(RING));
    }

    @Test
    void anEmptiedRingAndARemovedHeaderLeaveNothingStored() {
        GroupStore store = new GroupStore(headers, buckets);
        store.putHeader(A, state(Phase.FIRING));
        store.putRing(RING, ring(10_000, 20_000));
        commit(store);
        store.removeHeader(A);
        store.putRing(RING, List.of());
        commit(store);

        assertNull(headers.get(A));
        assertEquals(List.of(), storedStarts());
        GroupStore restarted = new GroupStore(headers, buckets);
        assertNull(restarted.header(A));
        assertEquals(Set.of(), restarted.ringKeys());
    }

    @Test
    void howFarEachInputWasJudgedComesBackAfterARestartAndIsNoGroup() {
        GroupStore store = new GroupStore(headers, buckets);
        store.putHeader(A, state(Phase.INACTIVE));
        store.judgedThrough(Map.of("share:1", 30_000L, "share:2", 31_000L));
        commit(store);

        GroupStore restarted = new GroupStore(headers, buckets);
        assertEquals(Map.of("share:1", 30_000L, "share:2", 31_000L), restarted.judgedThrough());
        assertEquals(Set.of(A), restarted.groups(), "not a group: never judged, retired or listed");

        restarted.judgedThrough(Map.of("share:1", 32_000L)); // share:2's rules are gone
        commit(restarted);
        assertEquals(Map.of("share:1", 32_000L), new GroupStore(headers, buckets).judgedThrough());
    }

    @Test
    void anUnchangedJudgementWritesNothing() {
        GroupStore store = new GroupStore(headers, buckets);
        store.judgedThrough(Map.of("share:1", 30_000L));
        commit(store);
        headers.delete(new GroupKey(GroupStore.JUDGED_THROUGH, Labels.of("input", "share:1")));
        store.judgedThrough(Map.of("share:1", 30_000L));
        commit(store);
        assertEquals(Map.of(), new GroupStore(headers, buckets).judgedThrough(), "not written again");
    }
}
