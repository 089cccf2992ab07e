package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.kafka.Topics;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Alerts acknowledged (on the alerts topic) but not yet in their groups: the dispatch's consumer
 * lag on {@link Topics#ALERTS}, summed over the partitions this instance owns. POST
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
            if ("records-lag".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                    && Topics.ALERTS.equals(n.tags().get("topic")) && e.getValue().metricValue() instanceof Number v
                    && !Double.isNaN(v.doubleValue())) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }

    /** Registers the gauge; {@code metrics} gives the current client metrics, or null while there is no client. */
    public static void bindTo(MeterRegistry registry, Supplier<Map<MetricName, ? extends Metric>> metrics) {
        Gauge.builder(METER, metrics, m -> {
                    Map<MetricName, ? extends Metric> now = m.get();
                    return now == null ? 0 : of(now);
                })
                .description("alerts acknowledged by POST /api/v2/alerts (or written by rules) not yet in their groups")
                .register(registry);
    }
}
