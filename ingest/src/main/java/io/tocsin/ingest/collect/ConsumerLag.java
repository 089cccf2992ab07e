package io.tocsin.ingest.collect;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag of consumer groups as samples, from committed offsets and log-end offsets: per partition
 * {@code kafka_consumergroup_lag{group, topic, partition}} and per topic
 * {@code kafka_consumergroup_lag_sum{group, topic}} (the names kafka-exporter uses, so rules
 * written for it work). A partition the group never committed is left out. Pure.
 */
public final class ConsumerLag {
    private ConsumerLag() {}

    /** @param committed per group, its committed offset per partition */
    public static List<Sample> samples(
            Map<String, Map<TopicPartition, Long>> committed,
            Map<TopicPartition, Long> end,
            Labels target,
            long nowMs) {
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, Long>> g : new TreeMap<>(committed).entrySet()) {
            Map<String, Long> perTopic = new TreeMap<>();
            for (Map.Entry<TopicPartition, Long> p : g.getValue().entrySet()) {
                Long logEnd = end.get(p.getKey());
                if (logEnd == null) {
                    continue;
                }
                long lag = Math.max(0, logEnd - p.getValue());
                TopicPartition tp = p.getKey();
                out.add(new Sample(
                        "kafka_consumergroup_lag",
                        target.with("group", g.getKey())
                                .with("topic", tp.topic())
                                .with("partition", String.valueOf(tp.partition())),
                        lag,
                        nowMs,
                        SampleKind.GAUGE));
                perTopic.merge(tp.topic(), lag, Long::sum);
            }
            perTopic.forEach((topic, lag) -> out.add(new Sample(
                    "kafka_consumergroup_lag_sum",
                    target.with("group", g.getKey()).with("topic", topic),
                    lag,
                    nowMs,
                    SampleKind.GAUGE)));
        }
        return out;
    }
}
