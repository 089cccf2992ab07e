package io.tocsin.tests.bench.windowed;

import io.tocsin.core.kafka.Topics;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
    private final TopicTap<String> tap;

    AlertsTap(String bootstrap) {
        tap = TopicTap.text(bootstrap, Topics.ALERTS, "alerts-tap", this::take);
    }

    private void take(ConsumerRecord<String, String> r, long now) {
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
        first.putIfAbsent(HookRecorder.Key.tocsin(a), new Seen(r.timestamp(), now));
    }

    Seen first(HookRecorder.Key key) {
        return first.get(key);
    }

    @Override
    public void close() throws InterruptedException {
        tap.close();
    }
}
