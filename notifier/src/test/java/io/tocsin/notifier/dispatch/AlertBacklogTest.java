package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** The backlog between an acknowledged POST and the groups, read from the dispatch's consumer metrics. */
class AlertBacklogTest {

    private record Value(MetricName metricName, Object metricValue) implements Metric {}

    private static void put(
            Map<MetricName, Metric> metrics, String group, String name, String topic, int partition, Object value) {
        MetricName n = new MetricName(
                name,
                group,
                "",
                Map.of(
                        "client-id",
                        "app-StreamThread-1-consumer",
                        "topic",
                        topic,
                        "partition",
                        String.valueOf(partition)));
        metrics.put(n, new Value(n, value));
    }

    @Test
    void theLagOnTheAlertsTopicIsSummedOverPartitionsAndNothingElseCounts() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.ALERTS, 0, 1200.0);
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.ALERTS, 1, 34.0);
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.ALERTS, 2, Double.NaN);
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.SILENCES, 0, 99.0);
        put(metrics, "consumer-fetch-manager-metrics", "records-lag-max", Topics.ALERTS, 0, 5000.0);
        assertEquals(1234.0, AlertBacklog.of(metrics));
    }

    @Test
    void alertsRoutedButNotYetGroupedCountToo() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.ALERTS, 0, 10.0);
        put(
                metrics,
                "consumer-fetch-manager-metrics",
                "records-lag",
                "tocsin-notifier-by-group-repartition",
                3,
                5000.0);
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", "tocsin-notifier-other-repartition", 0, 7.0);
        assertEquals(5010.0, AlertBacklog.of(metrics));
    }

    @Test
    void theGaugeReadsZeroWhileThereIsNoClient() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertBacklog.bindTo(registry, () -> null);
        assertEquals(0.0, registry.get(AlertBacklog.METER).gauge().value());
    }

    @Test
    void theAdmissionsReaderReadsZeroWithoutAClientAndTheMetricsOncePerFreshness() {
        assertEquals(0.0, AlertBacklog.reader(() -> null).getAsDouble());
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "consumer-fetch-manager-metrics", "records-lag", Topics.ALERTS, 0, 42.0);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.DoubleSupplier reader = AlertBacklog.reader(() -> {
            reads.incrementAndGet();
            return metrics;
        });
        assertEquals(42.0, reader.getAsDouble());
        assertEquals(42.0, reader.getAsDouble());
        assertEquals(1, reads.get());
    }
}
