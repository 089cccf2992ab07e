package io.tocsin.notifier.delivery;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ledger of newly assigned partitions from their committed offset to their current end,
 * with a consumer of its own (no group), to learn what the previous owner already delivered.
 */
final class LedgerScan {
    private static final Logger log = LoggerFactory.getLogger(LedgerScan.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSettings kafka;
    private final String clientId;
    private final Duration limit;
    private final Deserializer<LedgerEntry> entries =
            JsonSerde.of(LedgerEntry.class).deserializer();

    LedgerScan(KafkaSettings kafka, String clientId, Duration limit) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.limit = limit;
    }

    /**
     * Notes into {@code into} every finished (decision, channel) in [from, to) per partition.
     * Gives up at the time limit or when {@code into} is full, and says so: the cost is only that
     * a decision delivered just before a crash may be delivered again.
     */
    void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, AlreadyDelivered into) {
        Properties p = kafka.committedReader("unused", clientId);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Attempts and dead letters are written outside transactions, so they are visible at once;
        // read_committed would stop at the first open transaction (a dead owner's dispatch keeps
        // one open until it is fenced) and miss the attempts after it: a delivery made twice.
        // Decisions, which are transactional, are not what the scan notes.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        long deadline = System.nanoTime() + limit.toNanos();
        int read = 0;
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            // The log's end, not the committed reader's (the last stable offset): see above.
            Map<TopicPartition, Long> logEnd = c.endOffsets(from.keySet());
            Map<TopicPartition, Long> left = new HashMap<>();
            from.forEach((tp, start) -> {
                long end = Math.max(to.getOrDefault(tp, start), logEnd.getOrDefault(tp, start));
                if (end > start) {
                    left.put(tp, end);
                    into.scanned(tp, end);
                }
            });
            if (left.isEmpty()) {
                return;
            }
            c.assign(left.keySet());
            left.keySet().forEach(tp -> c.seek(tp, from.get(tp)));
            while (!left.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    log.warn(
                            "ledger scan stopped at its {} s limit with {} partitions unread: decisions delivered just "
                                    + "before the last owner stopped may be delivered again",
                            limit.toSeconds(),
                            left.size());
                    return;
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = left.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    read++;
                    LedgerEntry e = decode(r);
                    if (e != null && !into.note(tp, e)) {
                        log.warn(
                                "ledger scan found more than {} finished deliveries past the committed offsets; "
                                        + "noting no more",
                                AlreadyDelivered.MAX_ENTRIES);
                        return;
                    }
                }
                // Transaction markers and aborted records have offsets too: the position says how far we are.
                left.keySet().removeIf(tp -> c.position(tp) >= left.get(tp));
            }
        }
        log.info("ledger scan: {} records read, {} finished deliveries not yet committed", read, into.size());
    }

    private LedgerEntry decode(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return entries.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
