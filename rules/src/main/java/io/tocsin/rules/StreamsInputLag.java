package io.tocsin.rules;

import io.tocsin.rules.topology.InputLag;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The main consumer's {@code records-lag} of each input partition, read from the Streams client's
 * metrics. The consumer creates that metric with its first fetch answer for the partition, so its
 * absence means no answer yet: unknown, not caught up. Rebalances are counted from the client's
 * state: each return from REBALANCING to RUNNING is one this instance took part in (every member
 * of the group takes part in every one), with tasks revoked and assigned.
 */
final class StreamsInputLag implements InputLag {
    private volatile KafkaStreams streams;
    private final AtomicLong rebalances = new AtomicLong();

    /**
     * The topology is built before its client exists; until this is called nothing is known. Call
     * before {@code start()}: it sets the client's state listener.
     */
    void watch(KafkaStreams streams) {
        this.streams = streams;
        streams.setStateListener((now, before) -> {
            if (before == KafkaStreams.State.REBALANCING && now == KafkaStreams.State.RUNNING) {
                rebalances.incrementAndGet();
            }
        });
    }

    @Override
    public long rebalances() {
        return rebalances.get();
    }

    @Override
    public long behind(String topic, int partition) {
        KafkaStreams s = streams;
        if (s == null) {
            return -1;
        }
        String p = Integer.toString(partition);
        String legacy = topic.replace('.', '_'); // older clients tagged the topic with dots replaced
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag")
                    && name.group().equals("consumer-fetch-manager-metrics")
                    && (topic.equals(name.tags().get("topic"))
                            || legacy.equals(name.tags().get("topic")))
                    && p.equals(name.tags().get("partition"))
                    // the restore consumer reads changelogs, never the inputs; skip it all the same
                    && !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    return Math.max(0, Math.round(n.doubleValue()));
                }
            }
        }
        return -1;
    }
}
