package io.tocsin.rules.topology;

import io.tocsin.ops.streams.CommitHook;
import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongBiFunction;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2's parts of pushes that are not yet whole ({@link io.tocsin.core.wire.PushStamp}): a
 * share judged by arrival takes a push into its windows only once every partition the push
 * touched has been read, so a window never holds half a push (a ratio's 5xx without its
 * requests). Held as objects; what changed is written to a changelogged store as each commit is
 * prepared ({@link CommitHook}), so a part acknowledged to stage 1 is never lost to a restart.
 */
final class AheadStore {
    private final KeyValueStore<AheadKey, Partial> store;
    private final Map<AheadKey, Partial> held = new LinkedHashMap<>();
    /** Changed since the last write-back: the partial to store, or null to delete. */
    private final Map<AheadKey, Partial> dirty = new HashMap<>();

    AheadStore(KeyValueStore<AheadKey, Partial> store) {
        this.store = store;
        try (KeyValueIterator<AheadKey, Partial> it = store.all()) {
            it.forEachRemaining(kv -> held.put(kv.key, kv.value));
        }
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int size() {
        return held.size();
    }

    /** Parts of the same push for the same bucket (from two stage-1 sources) are merged. */
    void hold(AheadKey key, Partial partial) {
        Partial merged = held.merge(key, partial, Partial::merge);
        dirty.put(key, merged);
    }

    /**
     * Takes out every held part whose push is whole.
     *
     * @param wholeThrough per (input id, writer), up to which arrival its pushes are whole
     * @return the parts released, oldest arrival first
     */
    List<Map.Entry<AheadKey, Partial>> release(ToLongBiFunction<String, String> wholeThrough) {
        List<Map.Entry<AheadKey, Partial>> out = new ArrayList<>();
        for (Iterator<Map.Entry<AheadKey, Partial>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<AheadKey, Partial> e = it.next();
            AheadKey k = e.getKey();
            if (wholeThrough.applyAsLong(k.inputId(), k.writer()) >= k.arrivalMs()) {
                out.add(Map.entry(k, e.getValue()));
                dirty.put(k, null);
                it.remove();
            }
        }
        out.sort(Map.Entry.comparingByKey(
                java.util.Comparator.comparingLong(AheadKey::arrivalMs).thenComparingLong(AheadKey::bucketStart)));
        return out;
    }

    /** Writes what changed since the last call. */
    void writeBack() {
        dirty.forEach((k, p) -> {
            if (p == null) {
                store.delete(k);
            } else {
                store.put(k, p);
            }
        });
        dirty.clear();
    }
}
