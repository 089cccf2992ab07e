package io.tocsin.ingest.collect;

import java.util.List;

/** Everything ingest polls itself: HTTP targets (scrape, probe) and Kafka consumer-group lag. */
public record CollectorsConfig(List<Target> http, List<KafkaLagTarget> kafkaLag) {
    public static final CollectorsConfig NONE = new CollectorsConfig(List.of(), List.of());

    public CollectorsConfig {
        http = List.copyOf(http);
        kafkaLag = List.copyOf(kafkaLag);
    }

    public boolean isEmpty() {
        return http.isEmpty() && kafkaLag.isEmpty();
    }
}
