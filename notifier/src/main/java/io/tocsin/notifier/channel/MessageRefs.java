package io.tocsin.notifier.channel;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message each open alert group has in a chat channel, so that later states edit it. Writes
 * complete once they are durable: a channel reports "delivered" only after the reference is kept.
 */
public interface MessageRefs {

    Optional<MessageRef> get(String key);

    Future<Void> put(String key, MessageRef ref);

    /** The message is final (the group resolved, or the message is gone). */
    Future<Void> remove(String key);

    /** Kept in memory only: lost on restart. For tests and for a notifier without Kafka. */
    static MessageRefs inMemory() {
        Map<String, MessageRef> map = new ConcurrentHashMap<>();
        return new MessageRefs() {
            @Override
            public Optional<MessageRef> get(String key) {
                return Optional.ofNullable(map.get(key));
            }

            @Override
            public Future<Void> put(String key, MessageRef ref) {
                map.put(key, ref);
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> remove(String key) {
                map.remove(key);
                return Future.succeededFuture();
            }
        };
    }
}
