package io.tocsin.notifier.channel;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A channel that records what it was asked to send and answers from a script; once the script
 * runs out it answers "delivered". Thread-safe.
 */
public final class FakeChannel implements Channel {
    private final Deque<DeliveryResult> script = new ArrayDeque<>();
    private final List<Notification> calls = new ArrayList<>();

    /** Answers the next {@code count} calls with {@code result}. */
    public synchronized FakeChannel answer(int count, DeliveryResult result) {
        for (int i = 0; i < count; i++) {
            script.add(result);
        }
        return this;
    }

    /** Every call, including failed ones. */
    public synchronized List<Notification> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized Future<DeliveryResult> deliver(Notification notification) {
        calls.add(notification);
        DeliveryResult next = script.poll();
        return Future.succeededFuture(next == null ? DeliveryResult.delivered(200, "ok") : next);
    }
}
