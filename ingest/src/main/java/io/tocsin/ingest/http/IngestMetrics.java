package io.tocsin.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ingest counters; every rejection reason is registered up front so that it reads 0, not absent. */
final class IngestMetrics {
    private final Counter accepted;
    private final Counter acceptedLogs;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry, HttpLoad load) {
        this.registry = registry;
        if (registry.find("tocsin.ingest.http.connections").gauge() == null) { // once for all instances
            Gauge.builder("tocsin.ingest.http.buffered.bytes", load, HttpLoad::bufferedBytes)
                    .description("Request body bytes being received, across connections")
                    .register(registry);
            Gauge.builder("tocsin.ingest.http.connections", load, HttpLoad::connections)
                    .description("Open HTTP connections")
                    .register(registry);
        }
        accepted = Counter.builder("tocsin.ingest.samples.accepted")
                .description("Samples acknowledged by Kafka")
                .register(registry);
        acceptedLogs = Counter.builder("tocsin.ingest.logs.accepted")
                .description("Log records acknowledged by Kafka")
                .register(registry);
        for (Rejection r : Rejection.values()) {
            rejected.put(
                    r,
                    Counter.builder("tocsin.ingest.requests.rejected")
                            .description("Requests refused, by reason")
                            .tag("reason", r.tag())
                            .register(registry));
        }
    }

    /** @param receiver the wire format, e.g. remote_write or loki_protobuf */
    void acceptedRequest(String receiver) {
        requests.computeIfAbsent(
                        receiver,
                        r -> Counter.builder("tocsin.ingest.requests.accepted")
                                .description("Requests answered 2xx, by wire format")
                                .tag("receiver", r)
                                .register(registry))
                .increment();
    }

    void accepted(int samples, int logs) {
        accepted.increment(samples);
        acceptedLogs.increment(logs);
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }
}
