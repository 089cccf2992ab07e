package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyCodecsTest {
    @Test
    void aGroupStateWithItsStatusAndPublishedLabelsSurvivesTheRoundTrip() {
        GroupState state = new GroupState(
                "v1",
                new AlertStatus(Phase.PENDING, 5, 2, 6, 7),
                Labels.of("alertname", "A", "instance", "i-1"),
                1_763_899_000_000L);

        assertEquals(state, RulesTopology.GROUP_STATE.decode(RulesTopology.GROUP_STATE.encode(state)));
    }

    @Test
    void aFreshStateWithNothingPublishedSurvivesTheRoundTrip() {
        GroupState fresh = GroupState.fresh("v2", 123);
        assertEquals(fresh, RulesTopology.GROUP_STATE.decode(RulesTopology.GROUP_STATE.encode(fresh)));
    }

    @Test
    void aCounterPageKeepsItsSeriesInOrderWithTheirLastValues() {
        CounterPage page = new CounterPage(List.of(
                new CounterPage.Entry("http_requests_total{instance=\"web-1\"}", new CounterDelta.Last(42.5, 1_000)),
                new CounterPage.Entry("jobs_total{queue=\"ünïcode\"}", new CounterDelta.Last(Double.NaN, 2_000))));
        assertEquals(page, RulesTopology.COUNTER_PAGE.decode(RulesTopology.COUNTER_PAGE.encode(page)));
        CounterPage empty = new CounterPage(List.of());
        assertEquals(empty, RulesTopology.COUNTER_PAGE.decode(RulesTopology.COUNTER_PAGE.encode(empty)));
    }

    @Test
    void keysABatchOfUpdatesIncludingAHeartbeatAndProgressSurviveTheRoundTrip() {
        GroupKey group = new GroupKey("g/A", Labels.of("instance", "i-1"));
        BucketKey bucket = new BucketKey("share:0a1b", Labels.EMPTY, 1_763_900_000_000L);
        Progress.Source source = new Progress.Source(Progress.Input.SAMPLES, 3);
        UpdateBatch batch = new UpdateBatch(
                List.of(
                        new BucketUpdate("share:0a1b", Labels.of("instance", "i-1"), 10_000, Partial.of(3, 10_001)),
                        new BucketUpdate("g/Absent", Labels.EMPTY, 10_000, null)),
                source,
                null);
        UpdateBatch busy = UpdateBatch.of(new Progress(source, 1_763_900_000_123L, false));
        UpdateBatch idle = UpdateBatch.of(new Progress(new Progress.Source(Progress.Input.LOGS, 300), 0, true));

        assertEquals(group, RulesTopology.GROUP_KEY.decode(RulesTopology.GROUP_KEY.encode(group)));
        assertEquals(bucket, RulesTopology.BUCKET_KEY.decode(RulesTopology.BUCKET_KEY.encode(bucket)));
        assertEquals(batch, RulesTopology.UPDATE_BATCH.decode(RulesTopology.UPDATE_BATCH.encode(batch)));
        assertEquals(busy, RulesTopology.UPDATE_BATCH.decode(RulesTopology.UPDATE_BATCH.encode(busy)));
        assertEquals(idle, RulesTopology.UPDATE_BATCH.decode(RulesTopology.UPDATE_BATCH.encode(idle)));
    }

    @Test
    void equalKeysEncodeToEqualBytesSoTheyMeetInOneStoreEntryAndPartition() {
        byte[] a = RulesTopology.GROUP_KEY.encode(new GroupKey("g/A", Labels.of("instance", "i-1", "zone", "z")));
        byte[] b = RulesTopology.GROUP_KEY.encode(new GroupKey("g/" + "A", Labels.of("zone", "z", "instance", "i-1")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }

    @Test
    void theSerializerReusesBytesOnlyForTheVerySameValue() {
        var serializer = RulesTopology.PARTIAL.serializer();
        Partial one = Partial.of(1, 10_001);
        Partial two = Partial.of(2, 10_001);

        byte[] first = serializer.serialize("t", one);
        org.junit.jupiter.api.Assertions.assertSame(first, serializer.serialize("t", one));
        assertEquals(two, RulesTopology.PARTIAL.decode(serializer.serialize("t", two)));
        assertEquals(one, RulesTopology.PARTIAL.decode(serializer.serialize("t", one)));
    }
}
