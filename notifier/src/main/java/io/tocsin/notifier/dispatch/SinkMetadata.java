package io.tocsin.notifier.dispatch;

import io.tocsin.core.kafka.Topics;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a stream thread's producer's metadata for the decisions topic as soon as Streams
 * creates the producer. A producer learns a topic's partitions on its first send there, and that
 * send waits for the broker's answer on the stream thread: in a fresh notifier the first decision
 * waited 25-70 ms inside its {@code forward}, part of the first notification's time (BENCHMARKS.md,
 * "First notification after group_wait", session 15). Fetched on a thread of its own, so that a
 * broker slow to answer holds up nothing Streams needs; a failure is dropped (the first send
 * fetches again, as before).
 */
final class SinkMetadata {
    private static final Logger log = LoggerFactory.getLogger(SinkMetadata.class);

    private SinkMetadata() {}

    /** Starts the fetch and returns at once. */
    static void fetch(Producer<byte[], byte[]> producer) {
        Thread t = new Thread(
                () -> {
                    try {
                        producer.partitionsFor(Topics.NOTIFICATIONS);
                    } catch (RuntimeException e) {
                        log.debug("metadata for {} not fetched ahead: {}", Topics.NOTIFICATIONS, e.toString());
                    }
                },
                "tocsin-dispatch-metadata");
        t.setDaemon(true);
        t.start();
    }
}
