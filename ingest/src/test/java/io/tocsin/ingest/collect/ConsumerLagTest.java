package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private static final Labels JOB = Labels.of("job", "workers");

    @Test
    void lagPerPartitionAndPerTopicSkippingPartitionsWithoutAnEndOffset() {
        TopicPartition o0 = new TopicPartition("orders", 0);
        TopicPartition o1 = new TopicPartition("orders", 1);
        TopicPartition gone = new TopicPartition("deleted", 0);
        List<Sample> s = ConsumerLag.samples(
                Map.of("billing", Map.of(o0, 90L, o1, 10L, gone, 5L)), Map.of(o0, 100L, o1, 10L), JOB, 7L);
        Labels g = JOB.with("group", "billing").with("topic", "orders");
        assertEquals(3, s.size(), "two partitions and their sum; the deleted topic is skipped");
        assertEquals(new Sample("kafka_consumergroup_lag_sum", g, 10, 7L, SampleKind.GAUGE), s.get(2));
        assertEquals(
                2,
                s.stream()
                        .filter(x -> x.name().equals("kafka_consumergroup_lag"))
                        .count());
        assertEquals(
                new Sample("kafka_consumergroup_lag", g.with("partition", "0"), 10, 7L, SampleKind.GAUGE),
                s.stream()
                        .filter(x -> "0".equals(x.labels().get("partition")))
                        .findFirst()
                        .orElseThrow());
        assertEquals(
                new Sample("kafka_consumergroup_lag", g.with("partition", "1"), 0, 7L, SampleKind.GAUGE),
                s.stream()
                        .filter(x -> "1".equals(x.labels().get("partition")))
                        .findFirst()
                        .orElseThrow());
    }
}
