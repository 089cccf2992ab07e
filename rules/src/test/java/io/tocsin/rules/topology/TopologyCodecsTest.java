package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyCodecsTest {
    @Test
    void aGroupStateWithItsRingStatusAndPublishedLabelsSurvivesTheRoundTrip() {
        GroupState state = new GroupState("v1", List.of(new Bucket(1_763_900_000_000L, Partial.of(1, 1_763_900_000_500L)),
                new Bucket(1_763_900_010_000L, Partial.of(2, 1_763_900_019_999L))),
                new AlertStatus(Phase.PENDING, 5, 2, 6, 7), Labels.of("alertname", "A", "instance", "i-1"), 1_763_899_000_000L);

        assertEquals(state, RulesTopology.GROUP_STATE.decode(RulesTopology.GROUP_STATE.encode(state)));
    }

    @Test
    void aFreshStateWithNothingPublishedSurvivesTheRoundTrip() {
        GroupState fresh = GroupState.fresh("v2", 123);
        assertEquals(fresh, RulesTopology.GROUP_STATE.decode(RulesTopology.GROUP_STATE.encode(fresh)));
    }

    @Test
    void keysAndUpdatesIncludingAHeartbeatSurviveTheRoundTrip() {
        GroupKey group = new GroupKey("g/A", Labels.of("instance", "i-1"));
        BucketKey bucket = new BucketKey("g/A", Labels.EMPTY, 1_763_900_000_000L);
        BucketUpdate update = new BucketUpdate(10_000, Partial.of(3, 10_001));
        BucketUpdate heartbeat = new BucketUpdate(10_000, null);

        assertEquals(group, RulesTopology.GROUP_KEY.decode(RulesTopology.GROUP_KEY.encode(group)));
        assertEquals(bucket, RulesTopology.BUCKET_KEY.decode(RulesTopology.BUCKET_KEY.encode(bucket)));
        assertEquals(update, RulesTopology.BUCKET_UPDATE.decode(RulesTopology.BUCKET_UPDATE.encode(update)));
        assertEquals(heartbeat, RulesTopology.BUCKET_UPDATE.decode(RulesTopology.BUCKET_UPDATE.encode(heartbeat)));
    }

    @Test
    void equalKeysEncodeToEqualBytesSoTheyMeetInOneStoreEntryAndPartition() {
        byte[] a = RulesTopology.GROUP_KEY.encode(new GroupKey("g/A", Labels.of("instance", "i-1", "zone", "z")));
        byte[] b = RulesTopology.GROUP_KEY.encode(new GroupKey("g/" + "A", Labels.of("zone", "z", "instance", "i-1")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }

    @Test
    void theSerializerReusesBytesOnlyForTheVerySameValue() {
        var serializer = RulesTopology.BUCKET_UPDATE.serializer();
        BucketUpdate one = new BucketUpdate(10_000, Partial.of(1, 10_001));
        BucketUpdate two = new BucketUpdate(10_000, Partial.of(2, 10_001));

        byte[] first = serializer.serialize("t", one);
        org.junit.jupiter.api.Assertions.assertSame(first, serializer.serialize("t", one));
        assertEquals(two, RulesTopology.BUCKET_UPDATE.decode(serializer.serialize("t", two)));
        assertEquals(one, RulesTopology.BUCKET_UPDATE.decode(serializer.serialize("t", one)));
    }
}
