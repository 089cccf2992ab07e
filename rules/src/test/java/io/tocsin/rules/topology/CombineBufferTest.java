package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * Stage 1's combine sends stage 2 what a commit covers; a backlog read again after a takeover
 * covers many buckets of each group, and stage 2 must get them oldest first, also when a slot's
 * updates are split over several records.
 */
class CombineBufferTest {
    private static final long SECOND = 1_000;

    @Test
    void aBacklogOfManyBucketsGoesToStageTwoOldestFirst() {
        CombineBuffer buffer = new CombineBuffer();
        Target target = buffer.target("input", Labels.of("job", "after-broker-6"));
        // the first sample's bucket, then the backlog's, then one sample late from the other ingest
        long[] buckets = {41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 40};
        for (long b : buckets) {
            buffer.add(target, b * SECOND, Partial.of(b == 50 ? 0 : 100, b * SECOND), 0);
        }
        MockProcessorContext<Integer, UpdateBatch> context = new MockProcessorContext<>();
        buffer.flush(context, List.of(), clock(), 0);

        List<Long> sent = context.forwarded().stream()
                .filter(f -> f.record().value().progress() == null)
                .flatMap(f -> f.record().value().updates().stream())
                .map(BucketUpdate::bucketStart)
                .toList();
        assertEquals(LongStream.rangeClosed(40, 50).map(b -> b * SECOND).boxed().toList(), sent);
    }

    @Test
    void aSlotSplitOverSeveralRecordsSendsItsOlderBucketsInTheEarlierRecords() {
        CombineBuffer buffer = new CombineBuffer();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; targets.size() < 400; i++) {
            Target t = buffer.target("input", Labels.of("job", "j" + i));
            if (Slots.of(t) == 0) { // one slot, so that its updates exceed one record
                targets.add(t);
            }
        }
        for (long b = 10; b >= 1; b--) { // newest first: the open buckets are the newest
            for (Target t : targets) {
                buffer.add(t, b * SECOND, Partial.of(1, b * SECOND), 0);
            }
        }
        MockProcessorContext<Integer, UpdateBatch> context = new MockProcessorContext<>();
        buffer.flush(context, List.of(), clock(), 0);

        List<UpdateBatch> records = context.forwarded().stream()
                .<UpdateBatch>map(f -> f.record().value())
                .filter(batch -> batch.progress() == null)
                .toList();
        assertEquals(2, records.size(), "4,000 updates: two records of at most " + CombineBuffer.MAX_BATCH);
        long newestOfFirst = records.get(0).updates().stream()
                .mapToLong(BucketUpdate::bucketStart)
                .max()
                .orElseThrow();
        long oldestOfSecond = records.get(1).updates().stream()
                .mapToLong(BucketUpdate::bucketStart)
                .min()
                .orElseThrow();
        assertTrue(newestOfFirst <= oldestOfSecond, newestOfFirst + " in the first record, " + oldestOfSecond);
    }

    /** A source that has read nothing: its progress record follows the updates, and is left out. */
    private static SourceClock clock() {
        return new SourceClock(new Progress.Source(Progress.Input.SAMPLES, 0), 10_000, 5_000, 0, () -> true);
    }
}
