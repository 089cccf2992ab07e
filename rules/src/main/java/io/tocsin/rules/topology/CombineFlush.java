package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1's map-side combine, emptied: every (rule, group, bucket) partial gathered since the last
 * flush goes to stage 2 once, stamped with its newest event time, and leaves the store.
 */
final class CombineFlush {
    private CombineFlush() {}

    static void flush(KeyValueStore<BucketKey, Partial> combine, ProcessorContext<GroupKey, BucketUpdate> context) {
        // Copied first: deleting while iterating a cached store is not allowed.
        List<KeyValue<BucketKey, Partial>> ready = new ArrayList<>();
        try (KeyValueIterator<BucketKey, Partial> it = combine.all()) {
            it.forEachRemaining(ready::add);
        }
        for (KeyValue<BucketKey, Partial> kv : ready) {
            BucketKey k = kv.key;
            context.forward(new Record<>(new GroupKey(k.ruleId(), k.group()),
                    new BucketUpdate(k.bucketStart(), kv.value), Math.max(k.bucketStart(), kv.value.lastTs())));
            combine.delete(k);
        }
    }
}
