package io.tocsin.notifier.ledger;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.channel.MessageRef;
import io.tocsin.notifier.channel.MessageRefs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message references on the compacted topic {@link Topics#MESSAGE_REFS}: read whole at start (it
 * holds one record per open group and integration), then followed, so that whichever instance
 * delivers a group next, after a restart or a rebalance, edits the same message. Bounded by the
 * number of open groups: a final message is a tombstone.
 */
public final class KafkaMessageRefs implements MessageRefs, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaMessageRefs.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, MessageRef> refs = new ConcurrentHashMap<>();
    private final KafkaProducer<String, MessageRef> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<MessageRef> values =
            JsonSerde.of(MessageRef.class).deserializer();
    private final Thread follower = new Thread(this::follow, "tocsin-message-refs");
    private volatile boolean running = true;

    private KafkaMessageRefs(KafkaSettings kafka, String clientId) {
        producer = new KafkaProducer<>(
                kafka.durableProducer(clientId),
                new StringSerializer(),
                JsonSerde.of(MessageRef.class).serializer());
        Properties p = kafka.committedReader("unused", clientId + "-reader");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        follower.setDaemon(true);
    }

    /** Reads every reference there is (up to {@code limit}), then keeps following the topic. */
    public static KafkaMessageRefs start(KafkaSettings kafka, String clientId, Duration limit) {
        KafkaMessageRefs r = new KafkaMessageRefs(kafka, clientId);
        try {
            r.catchUp(limit);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        r.follower.start();
        return r;
    }

    private void catchUp(Duration limit) {
        List<TopicPartition> tps = consumer.partitionsFor(Topics.MESSAGE_REFS, limit).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, limit);
        long deadline = System.nanoTime() + limit.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "could not read " + Topics.MESSAGE_REFS + " within " + limit.toSeconds() + " s");
            }
            consumer.poll(POLL).forEach(this::apply);
        }
        log.info("{} open chat messages known from {}", refs.size(), Topics.MESSAGE_REFS);
    }

    private void follow() {
        try {
            while (running) {
                consumer.poll(POLL).forEach(this::apply);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("stopped following {}: messages may be posted anew instead of edited", Topics.MESSAGE_REFS, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            refs.remove(r.key());
            return;
        }
        try {
            refs.put(r.key(), values.deserialize(r.topic(), r.value()));
        } catch (RuntimeException e) {
            log.warn("skipping {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public Optional<MessageRef> get(String key) {
        return Optional.ofNullable(refs.get(key));
    }

    @Override
    public Future<Void> put(String key, MessageRef ref) {
        refs.put(key, ref);
        return write(key, ref);
    }

    @Override
    public Future<Void> remove(String key) {
        refs.remove(key);
        return write(key, null);
    }

    private Future<Void> write(String key, MessageRef ref) {
        Promise<Void> written = Promise.promise();
        try {
            producer.send(new ProducerRecord<>(Topics.MESSAGE_REFS, key, ref), (meta, e) -> {
                if (e == null) {
                    written.tryComplete();
                } else {
                    written.tryFail(e);
                }
            });
        } catch (RuntimeException e) {
            written.tryFail(e);
        }
        return written.future();
    }

    @Override
    public void close() {
        running = false;
        if (follower.isAlive()) {
            consumer.wakeup();
            try {
                follower.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        producer.close(Duration.ofSeconds(5));
    }
}
