package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.rules.eval.Partial;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * Push stamps read by stage 1 ({@link PushClock}), carried to stage 2 ({@link TopologyCodecs}),
 * and there the answer to "up to which arrival is every push of a writer whole"
 * ({@link InputProgress#wholeThrough}); and stage 1's partials kept apart per push.
 */
class PushMarksTest {
    private static final long A = 1_765_000_000_000L;
    private static final Progress.Source P0 = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final Progress.Source P1 = new Progress.Source(Progress.Input.SAMPLES, 1);
    private static final Progress.Source P2 = new Progress.Source(Progress.Input.SAMPLES, 2);

    @Test
    void aPartitionsPushesAreWholeThroughTheLastRecordReadOrTheOneBefore() {
        PushClock clock = new PushClock(10_000);
        clock.read(PushStamp.inner("w", A), 0);
        assertEquals(List.of(new PushMark("w", A - 1, A, null, false)), clock.marks(0));

        PushStamp last = new PushStamp("w", A, true, new long[] {A, A - 500});
        clock.read(last, 0);
        assertEquals(List.of(new PushMark("w", A, A, last, false)), clock.marks(0));
        assertTrue(clock.marks(10_000).get(0).idle(), "quiet for the idle timeout");
        assertEquals(List.of(), clock.marks(PushClock.FORGET_AFTER_MS), "forgotten after an hour");
    }

    @Test
    void marksAndStampedUpdatesSurviveTheRepartitionTopic() {
        PushStamp claim = new PushStamp("ingest-a", A, true, new long[] {A, 0, A - 300});
        Progress progress = new Progress(
                P1,
                A - 5,
                false,
                List.of(
                        new PushMark("ingest-a", A, A + 100, claim, false),
                        new PushMark("ingest-b", 7, 9, null, true)));
        BucketUpdate stamped =
                new BucketUpdate("in", Labels.of("i", "x"), A - A % 2000, Partial.of(3, A - 5), "ingest-a", A);
        UpdateBatch batch =
                new UpdateBatch(List.of(stamped, new BucketUpdate("in", Labels.EMPTY, 0, null)), P1, progress);

        assertEquals(batch, RulesTopology.UPDATE_BATCH.decode(RulesTopology.UPDATE_BATCH.encode(batch)));
        AheadKey key = new AheadKey("in", Labels.of("i", "x"), 2000, "ingest-a", A);
        assertEquals(key, RulesTopology.AHEAD_KEY.decode(RulesTopology.AHEAD_KEY.encode(key)));
    }

    /** Three partitions; writer w's pushes: A touched 0 and 1, A+100 touched 1 and 2, A+200 touched 0. */
    @Test
    void aPushIsWholeWhenEveryPartitionStandsWhereItsClaimSays() {
        InputProgress progress = new InputProgress(Map.of(Progress.Input.SAMPLES, 3), 0);
        PushStamp a0 = new PushStamp("w", A, true, new long[] {A, A, 0});
        PushStamp b1 = new PushStamp("w", A + 100, true, new long[] {A, A + 100, A + 100});
        PushStamp c0 = new PushStamp("w", A + 200, true, new long[] {A + 200, A + 100, A + 100});

        report(progress, P0, new PushMark("w", A, A, a0, false));
        report(progress, P0, new PushMark("w", A + 200, A + 200, c0, false));
        report(progress, P1, new PushMark("w", A - 1, A, null, false)); // read part of A only
        report(progress, P2, new PushMark("w", 0, 0, null, false), false);
        assertEquals(0, progress.wholeThrough(Progress.Input.SAMPLES, "w"), "A waits for partition 1");

        report(progress, P1, new PushMark("w", A + 100, A + 100, b1, false));
        assertEquals(
                A,
                progress.wholeThrough(Progress.Input.SAMPLES, "w"),
                "A+100 waits for partition 2; partition 0's older claim is met");

        report(progress, P2, new PushMark("w", A + 100, A + 100, b1, false));
        assertEquals(A + 200, progress.wholeThrough(Progress.Input.SAMPLES, "w"), "all read");
        assertEquals(0, progress.wholeThrough(Progress.Input.SAMPLES, "other"));
    }

    @Test
    void aPartitionThatNeverHeardOfTheWriterHoldsItBackUntilItHasReadAllItHad() {
        InputProgress progress = new InputProgress(Map.of(Progress.Input.SAMPLES, 2), 0);
        PushStamp claim = new PushStamp("w", A, true, new long[] {A, A - 5_000}); // partition 1 was written before
        report(progress, P0, new PushMark("w", A, A, claim, false));
        progress.report(new Progress(P1, A, false, List.of())); // a busy task started anew: it may still read it
        assertEquals(0, progress.wholeThrough(Progress.Input.SAMPLES, "w"));

        progress.report(new Progress(P1, A, true, List.of())); // idle: it has read all it had
        assertEquals(A, progress.wholeThrough(Progress.Input.SAMPLES, "w"));
    }

    @Test
    void theJudgementTimeStopsAtTheLastWholePushWhileOneIsReadInPart() {
        InputProgress progress = new InputProgress(Map.of(Progress.Input.SAMPLES, 2), 0);
        PushStamp a = new PushStamp("w", A, true, new long[] {A, A});
        report(progress, P0, new PushMark("w", A, A + 100, a, false)); // read part of A+100
        report(progress, P1, new PushMark("w", A, A, a, false));
        assertEquals(A, progress.arrivalJudgedUntil(Progress.Input.SAMPLES, "in", A + 500, true));

        PushStamp b = new PushStamp("w", A + 100, true, new long[] {A + 100, A});
        report(progress, P0, new PushMark("w", A + 100, A + 100, b, false));
        assertEquals(A + 100, progress.arrivalJudgedUntil(Progress.Input.SAMPLES, "in", A + 500, true));
        assertEquals(A + 100, progress.arrivalJudgedUntil(Progress.Input.SAMPLES, "in", A + 50, true), "never back");
    }

    @Test
    void stageOneKeepsAPartialPerPushForASharesJudgedByArrival() {
        CombineBuffer buffer = new CombineBuffer();
        Target target = buffer.target("ratio", Labels.of("instance", "web-0"));
        buffer.add(target, 0, "w", A, Partial.of(1, 10), 0);
        buffer.add(target, 0, "w", A + 100, Partial.of(2, 20), 0);
        buffer.add(target, 0, "w", A, Partial.of(4, 30), 0);
        Target gauge = buffer.target("last", Labels.of("instance", "web-0"));
        buffer.add(gauge, 0, Partial.of(1, 10), 0);
        buffer.add(gauge, 0, Partial.of(1, 20), 0);
        MockProcessorContext<Integer, UpdateBatch> context = new MockProcessorContext<>();
        buffer.flush(context, List.of(), new SourceClock(P0, 10_000, 1_000, 0, () -> true), 0);

        List<BucketUpdate> sent = context.forwarded().stream()
                .flatMap(f -> f.record().value().updates().stream())
                .toList();
        assertEquals(3, sent.size(), sent.toString());
        BucketUpdate first =
                sent.stream().filter(u -> u.arrivalMs() == A).findFirst().orElseThrow();
        BucketUpdate second =
                sent.stream().filter(u -> u.arrivalMs() == A + 100).findFirst().orElseThrow();
        assertEquals(Partial.merge(Partial.of(1, 10), Partial.of(4, 30)), first.partial(), "push A alone");
        assertEquals(Partial.of(2, 20), second.partial(), "push A+100 alone");
        BucketUpdate last = sent.stream().filter(u -> !u.stamped()).findFirst().orElseThrow();
        assertNull(last.writer());
        assertEquals("last", last.inputId());
    }

    private static void report(InputProgress progress, Progress.Source source, PushMark mark) {
        report(progress, source, mark, false);
    }

    private static void report(InputProgress progress, Progress.Source source, PushMark mark, boolean idle) {
        progress.report(new Progress(source, A, idle, List.of(mark)));
    }
}
