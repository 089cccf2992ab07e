package io.tocsin.tests.bench.windowed;

import io.tocsin.core.kafka.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the notifier's decisions on tocsin.notifications.v1 as delivery does (read_committed) and
 * keeps, per (alert, instance, status), the first decision that told it: its record time is the
 * moment the group stage flushed for (the group_interval tick of an on-tick flush, the moment
 * itself otherwise), and its read time when delivery could start. Splits the notifier's part in
 * two: waiting for the group's due moment (the route's semantics), and the timer, commit and
 * delivery after it (the mechanism).
 */
final class DecisionsTap implements AutoCloseable {
    /** @param dueMs the flush's moment (the decision record's time); readMs when it became readable */
    record Decided(long dueMs, long readMs) {}

    private final Map<HookRecorder.Key, Decided> first = new ConcurrentHashMap<>();
    private final TopicTap<String> tap;

    DecisionsTap(String bootstrap) {
        tap = TopicTap.text(bootstrap, Topics.NOTIFICATIONS, "decisions-tap", this::take);
    }

    private void take(ConsumerRecord<String, String> r, long now) {
        JsonObject entry = new JsonObject(r.value());
        if (!"decision".equals(entry.getString("kind"))) {
            return;
        }
        JsonArray alerts = entry.getJsonArray("alerts", new JsonArray());
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject a = alerts.getJsonObject(i);
            JsonObject labels = a.getJsonObject("labels", new JsonObject());
            if (AlertsTap.TRACE) {
                System.out.printf(
                        "DEC  read=%d due=%d %s %s %s%n",
                        now,
                        r.timestamp(),
                        labels.getString("alertname"),
                        labels.getString("instance"),
                        a.getString("state"));
            }
            first.putIfAbsent(HookRecorder.Key.tocsin(a), new Decided(r.timestamp(), now));
        }
    }

    Decided first(HookRecorder.Key key) {
        return first.get(key);
    }

    @Override
    public void close() throws InterruptedException {
        tap.close();
    }
}
