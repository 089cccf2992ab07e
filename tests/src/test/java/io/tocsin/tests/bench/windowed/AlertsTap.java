package io.tocsin.tests.bench.windowed;

import io.tocsin.core.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads tocsin.alerts.v1 as the notifier does (read_committed) and keeps, per (alert, instance,
 * status), when it became readable (after stage 2's commit): where the rules service's part ends
 * and the notifier's begins, seen from outside. (The record's own time is the judgement time,
 * which the alert's startsAt or endsAt already says.)
 */
final class AlertsTap implements AutoCloseable {
    record Seen(long recordMs, long readMs) {}

    /** Prints every alert record and every webhook arrival of Tocsin's: {@code -Dbench.trace=true}. */
    static final boolean TRACE = Boolean.getBoolean("bench.trace");

    private final Map<HookRecorder.Key, Seen> first = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    AlertsTap(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-tap-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the broker may hold a fetch this long waiting for data: 500 ms by default, more than the hops measured
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.ALERTS));
        thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(10))) {
                                long now = System.currentTimeMillis();
                                JsonObject a = new JsonObject(r.value());
                                JsonObject labels = a.getJsonObject("labels", new JsonObject());
                                // -Dbench.trace=true: every record, so a repeated notification can be told apart
                                // (a second episode published by the rules, or one delivered twice by the notifier)
                                if (TRACE) {
                                    System.out.printf(
                                            "TAP  read=%d rec=%d p%d@%d %s %s %s%n",
                                            now,
                                            r.timestamp(),
                                            r.partition(),
                                            r.offset(),
                                            labels.getString("alertname"),
                                            labels.getString("instance"),
                                            a.encode());
                                }
                                first.putIfAbsent(
                                        new HookRecorder.Key(
                                                "tocsin",
                                                labels.getString("alertname"),
                                                labels.getString("instance"),
                                                a.getString("state", "").toLowerCase(Locale.ROOT)),
                                        new Seen(r.timestamp(), now));
                            }
                        }
                    }
                },
                "alerts-tap");
        thread.start();
    }

    Seen first(HookRecorder.Key key) {
        return first.get(key);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
