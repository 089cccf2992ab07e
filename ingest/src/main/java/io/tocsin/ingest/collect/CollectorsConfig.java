package io.tocsin.ingest.collect;

import java.util.List;

/** Everything ingest polls itself: HTTP targets (scrape, probe), Kafka consumer-group lag and PostgreSQL servers. */
public record CollectorsConfig(List<Target> http, List<KafkaLagTarget> kafkaLag, List<PostgresTarget> postgres) {
    public static final CollectorsConfig NONE = new CollectorsConfig(List.of(), List.of(), List.of());

    public CollectorsConfig {
        http = List.copyOf(http);
        kafkaLag = List.copyOf(kafkaLag);
        postgres = List.copyOf(postgres);
    }

    public boolean isEmpty() {
        return http.isEmpty() && kafkaLag.isEmpty() && postgres.isEmpty();
    }
}
