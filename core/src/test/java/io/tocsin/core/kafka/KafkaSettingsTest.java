package io.tocsin.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void aDurableProducersAcknowledgementWaitsForEveryInSyncCopyAndNeverDuplicatesOnRetry() {
        Properties p = new KafkaSettings("a:1,b:2,c:3").durableProducer("x");
        assertEquals("all", p.get("acks"), "with min.insync.replicas 2 of 3, an ack survives one broker lost");
        assertEquals("true", p.get("enable.idempotence"));
        assertEquals("a:1,b:2,c:3", p.get("bootstrap.servers"));
    }
}
