package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.kafka.Topics;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Alerts acknowledged (on the alerts topic) but not yet in their groups: the dispatch's consumer
 * lag on {@link Topics#ALERTS} and on its repartition topic (an alert routed to k groups counts
 * there k times), summed over the partitions this instance owns. POST
 * /api/v2/alerts answers once an alert is on the topic, so this is what a client's 200 does not
 * yet show in GET /api/v2/alerts. Exported as {@value #METER}.
 */
public final class AlertBacklog {
    public static final String METER = "tocsin.notifier.alerts.backlog";

    private AlertBacklog() {}

    /** The backlog in the given client metrics (a KafkaStreams' {@code metrics()}); 0 when none is known yet. */
    public static double of(Map<MetricName, ? extends Metric> metrics) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if ("records-lag".equals(n.name())
                    && "consumer-fetch-manager-metrics".equals(n.group())
                    && queued(n.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number v
                    && !Double.isNaN(v.doubleValue())) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }

    /**
     * The alerts topic, and the repartition topic between routing and grouping: under load the
     * route stage keeps up and alerts wait there for the group stage, invisible to the first alone.
     */
    private static boolean queued(String topic) {
        return topic != null
                && (Topics.ALERTS.equals(topic) || topic.endsWith("-" + NotifyTopology.BY_GROUP + "-repartition"));
    }

    /** How long one reading serves: the lag moves only with each fetch, and reading it walks every client metric. */
    static final long FRESH_NANOS = 100_000_000L;

    /**
     * The backlog as POST /api/v2/alerts' admission reads it, on every POST: read again at most
     * every {@link #FRESH_NANOS}.
     *
     * @param metrics the current client metrics, or null while there is no client (reads 0)
     */
    public static DoubleSupplier reader(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        return new DoubleSupplier() {
            private volatile long readAt = System.nanoTime() - 2 * FRESH_NANOS;
            private volatile double value;

            @Override
            public double getAsDouble() {
                long now = System.nanoTime();
                if (now - readAt >= FRESH_NANOS) {
                    Map<MetricName, ? extends Metric> m = metrics.get();
                    value = m == null ? 0 : of(m);
                    readAt = now;
                }
                return value;
            }
        };
    }

    /** Registers the gauge; {@code metrics} gives the current client metrics, or null while there is no client. */
    public static void bindTo(MeterRegistry registry, Supplier<Map<MetricName, ? extends Metric>> metrics) {
        Gauge.builder(METER, metrics, m -> {
                    Map<MetricName, ? extends Metric> now = m.get();
                    return now == null ? 0 : of(now);
                })
                .description("alerts acknowledged by POST /api/v2/alerts (or written by rules) not yet in their groups")
                // The supplier is a lambda only the gauge holds: weakly held, it was collected and the gauge read NaN.
                .strongReference(true)
                .register(registry);
    }
}
