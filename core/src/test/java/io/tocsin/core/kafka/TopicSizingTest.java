package io.tocsin.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.settings.Env;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSizingTest {

    @Test
    void eachFamilyTakesItsOwnPartitionCountFromTheEnvironment() {
        TopicSizing sizing = TopicSizing.fromEnv(new Env(Map.of(
                "TOCSIN_SAMPLES_PARTITIONS", "12",
                "TOCSIN_LOGS_PARTITIONS", "3",
                "TOCSIN_ALERTS_PARTITIONS", "6",
                "TOCSIN_REPLICATION_FACTOR", "3",
                "TOCSIN_MIN_INSYNC_REPLICAS", "2")));
        Map<String, NewTopic> topics = new HashMap<>();
        Topics.all().forEach(s -> topics.put(s.name(), TopicAdmin.newTopic(s, sizing)));

        assertEquals(12, topics.get(Topics.SAMPLES).numPartitions());
        assertEquals(3, topics.get(Topics.LOGS).numPartitions());
        assertEquals(6, topics.get(Topics.ALERTS).numPartitions());
        assertEquals(3, topics.get(Topics.SAMPLES).replicationFactor());
        assertEquals("2", topics.get(Topics.SAMPLES).configs().get("min.insync.replicas"));
    }

    @Test
    void alertsAndAcksAreAlwaysCreatedWithTheSamePartitionCount() {
        TopicSizing sizing = new TopicSizing(16, 2, 5, 1, -1);
        Map<String, Integer> counts = new HashMap<>();
        Topics.all().forEach(s -> counts.put(s.name(), sizing.partitions(s.family())));
        assertTrue(Topics.CO_PARTITIONED.stream().allMatch(t -> counts.get(t) == 5), counts.toString());
    }

    @Test
    void unsetMeansFourPartitionsAndTheClustersDefaultsForCopies() {
        TopicSizing sizing = TopicSizing.fromEnv(new Env(Map.of()));
        assertEquals(TopicSizing.uniform(4, -1), sizing);
        NewTopic samples = TopicAdmin.newTopic(Topics.all().get(0), sizing);
        assertEquals(-1, samples.replicationFactor(), "left to default.replication.factor");
        assertFalse(samples.configs().containsKey("min.insync.replicas"));
    }

    @Test
    void moreInSyncCopiesThanCopiesIsRefusedBecauseNoWriteCouldSucceed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopicSizing(4, 4, 4, 2, 3));
        assertTrue(e.getMessage().contains("min.insync.replicas 3"), e.getMessage());
    }
}
