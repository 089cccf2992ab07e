package io.tocsin.notifier.silence;

import io.tocsin.core.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every silence: written to the compacted tocsin.silences.v1, read back from the notifier's
 * global store. A silence this instance just wrote is shown at once, before the store has it.
 */
public final class SilenceBook {
    private final Producer<String, Silence> producer;
    private final Supplier<ReadOnlyKeyValueStore<String, Silence>> store;
    private final Map<String, Silence> recent = new ConcurrentHashMap<>();

    public SilenceBook(Producer<String, Silence> producer, Supplier<ReadOnlyKeyValueStore<String, Silence>> store) {
        this.producer = producer;
        this.store = store;
    }

    /** Completes once Kafka acknowledged the write. */
    public Future<Silence> put(Silence s) {
        Promise<Silence> done = Promise.promise();
        producer.send(new ProducerRecord<>(Topics.SILENCES, s.id(), s), (meta, e) -> {
            if (e != null) {
                done.fail(e);
            } else {
                recent.put(s.id(), s);
                done.complete(s);
            }
        });
        return done.future();
    }

    public Optional<Silence> get(String id) {
        Silence stored = store.get().get(id);
        return Optional.ofNullable(newer(stored, recent.get(id)));
    }

    /** Every silence, newest first by start. */
    public List<Silence> all() {
        Map<String, Silence> byId = new LinkedHashMap<>();
        try (KeyValueIterator<String, Silence> it = store.get().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    byId.put(kv.key, kv.value);
                }
            });
        }
        recent.forEach((id, s) -> {
            Silence stored = byId.get(id);
            if (stored != null && !stored.updatedAt().isBefore(s.updatedAt())) {
                recent.remove(id, s);
            }
            byId.put(id, newer(stored, s));
        });
        List<Silence> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Silence::startsAt).reversed());
        return out;
    }

    private static Silence newer(Silence a, Silence b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Instant ta = a.updatedAt() == null ? Instant.EPOCH : a.updatedAt();
        Instant tb = b.updatedAt() == null ? Instant.EPOCH : b.updatedAt();
        return tb.isAfter(ta) ? b : a;
    }
}
