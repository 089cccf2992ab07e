package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Partial;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1's map-side combine: a partial per (rule, group, bucket), gathered across the series of
 * a task until the next flush sends each to stage 2 once. The partials are merged in memory and
 * every change is written through to a cached, changelogged store, so that under exactly-once a
 * partial whose samples were committed but which was not yet forwarded survives a crash; the
 * store is never read except when a task starts.
 */
final class CombineBuffer {
    private final KeyValueStore<BucketKey, Partial> store;
    private final Map<BucketKey, Partial> pending = new HashMap<>();

    CombineBuffer(KeyValueStore<BucketKey, Partial> store) {
        this.store = store;
        try (KeyValueIterator<BucketKey, Partial> it = store.all()) {
            it.forEachRemaining(kv -> pending.put(kv.key, kv.value));
        }
    }

    void add(BucketKey key, Partial partial) {
        Partial merged = pending.merge(key, partial, Partial::merge);
        store.put(key, merged);
    }

    /**
     * Every partial gathered since the last flush goes to stage 2, stamped with its newest event time.
     *
     * @param rulesOf the rules a combine key's partial is for (the key names a rule, or rules sharing input)
     */
    void flush(ProcessorContext<GroupKey, BucketUpdate> context, Function<String, List<String>> rulesOf) {
        for (Map.Entry<BucketKey, Partial> e : pending.entrySet()) {
            BucketKey k = e.getKey();
            Partial p = e.getValue();
            BucketUpdate update = new BucketUpdate(k.bucketStart(), p);
            long ts = Math.max(k.bucketStart(), p.lastTs());
            for (String ruleId : rulesOf.apply(k.ruleId())) {
                context.forward(new Record<>(new GroupKey(ruleId, k.group()), update, ts));
            }
            store.delete(k);
        }
        pending.clear();
    }
}
