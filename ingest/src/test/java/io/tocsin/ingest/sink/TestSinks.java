package io.tocsin.ingest.sink;

import java.time.Clock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sinks over Kafka's MockProducer, for tests in any package. */
public final class TestSinks {
    private TestSinks() {}

    /** A producer that acknowledges nothing until the test calls completeNext() or errorNext(). */
    public static MockProducer<String, byte[]> manualProducer() {
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    }

    /** A sink over {@code producer} whose metadata is already known, as after a successful start. */
    public static KafkaSink ready(MockProducer<String, byte[]> producer, int maxInFlightSamples, Clock clock) {
        KafkaSink sink = new KafkaSink(producer, maxInFlightSamples, KafkaSink.MAX_IN_FLIGHT_BYTES, clock);
        sink.fetchMetadata();
        return sink;
    }
}
