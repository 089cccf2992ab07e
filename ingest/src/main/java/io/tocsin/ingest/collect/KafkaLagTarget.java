package io.tocsin.ingest.collect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Consumer groups whose lag ingest measures.
 *
 * @param bootstrap null for the cluster ingest writes to
 * @param groups empty for every consumer group of the cluster
 */
public record KafkaLagTarget(
        String name, String bootstrap, List<String> groups, Duration interval, Map<String, String> labels) {

    public KafkaLagTarget {
        groups = List.copyOf(groups);
        labels = Map.copyOf(labels);
    }
}
