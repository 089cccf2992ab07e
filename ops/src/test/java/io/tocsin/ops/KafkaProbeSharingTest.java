package io.tocsin.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nothing listens on these ports: the probes ask and get no answer, which is all sharing needs. */
class KafkaProbeSharingTest {
    private static final String CLUSTER = "127.0.0.1:9";
    private static final String OTHER_CLUSTER = "127.0.0.1:7";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void servicesOfOneProcessAskOneClusterOnce() {
        int before = ClusterQuestion.open();
        try (KafkaProbe ingest = KafkaProbe.start(vertx, CLUSTER, "ingest-probe");
                KafkaProbe rules = KafkaProbe.start(vertx, CLUSTER, "rules-probe");
                KafkaProbe notifier = KafkaProbe.start(vertx, CLUSTER, "notifier-probe")) {
            assertEquals(before + 1, ClusterQuestion.open());
            assertEquals(ingest.check().detail(), notifier.check().detail());
        }
        assertEquals(before, ClusterQuestion.open(), "the last probe closed stops the question");
    }

    @Test
    void anotherClusterIsAskedSeparately() {
        int before = ClusterQuestion.open();
        try (KafkaProbe one = KafkaProbe.start(vertx, CLUSTER, "a");
                KafkaProbe other = KafkaProbe.start(vertx, OTHER_CLUSTER, "b")) {
            assertEquals(before + 2, ClusterQuestion.open());
        }
        assertEquals(before, ClusterQuestion.open());
    }

    @Test
    void closingOneProbeLeavesTheOthersAsking() {
        int before = ClusterQuestion.open();
        KafkaProbe first = KafkaProbe.start(vertx, CLUSTER, "a");
        try (KafkaProbe second = KafkaProbe.start(vertx, CLUSTER, "b")) {
            first.close();
            assertEquals(before + 1, ClusterQuestion.open());
            assertFalse(second.check().up(), "nothing answers on " + CLUSTER);
        }
        assertEquals(before, ClusterQuestion.open());
    }
}
