package io.tocsin.tests.packs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tick's worth of what the scenarios send to ingest: samples for /v1/samples, log lines for
 * /v1/logs and events for /v1/events. Counters keep their totals across ticks, as real ones do.
 */
final class PackBatch {
    private final Map<String, Double> counters;
    final JsonArray samples = new JsonArray();
    final JsonArray logs = new JsonArray();
    final JsonArray events = new JsonArray();

    PackBatch(Map<String, Double> counters) {
        this.counters = counters;
    }

    static Map<String, Double> newCounters() {
        return new HashMap<>();
    }

    PackBatch gauge(String name, double value, String... labels) {
        samples.add(sample(name, labels(labels), value, "gauge"));
        return this;
    }

    /** A counter that grows by {@code increase} this tick (0: stays flat). */
    PackBatch counter(String name, double increase, String... labels) {
        Map<String, String> l = labels(labels);
        double total = counters.merge(name + l, increase, Double::sum);
        samples.add(sample(name, l, total, "counter"));
        return this;
    }

    /** A Prometheus histogram: {@code counts[i]} observations this tick fall in bucket {@code bounds[i]} (the last: +Inf). */
    PackBatch histogram(String name, double[] bounds, long[] counts, String... labels) {
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += i < counts.length ? counts[i] : 0;
            String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
            String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
            withLe[labels.length] = "le";
            withLe[labels.length + 1] = le;
            Map<String, String> l = labels(withLe);
            double total = counters.merge(name + l, (double) cumulative, Double::sum);
            samples.add(sample(name, l, total, "histogram_bucket"));
        }
        return this;
    }

    PackBatch log(String line, String... labels) {
        logs.add(new JsonObject()
                .put("labels", new JsonObject(new LinkedHashMap<>(labels(labels))))
                .put("line", line));
        return this;
    }

    PackBatch event(String name, int status, String... labels) {
        events.add(new JsonObject()
                .put("name", name)
                .put("status", status)
                .put("labels", new JsonObject(new LinkedHashMap<>(labels(labels)))));
        return this;
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static JsonObject sample(String name, Map<String, String> labels, double value, String kind) {
        return new JsonObject()
                .put("name", name)
                .put("labels", new JsonObject(new LinkedHashMap<>(labels)))
                .put("value", value)
                .put("kind", kind);
    }
}
