package io.tocsin.rules.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A changelogged store that its processor writes only just before each commit. The processors
 * hold their state as objects and change it at every sample; writing each change through to a
 * store, even a cached one, was most of the cost of a sample. Instead a processor registers a
 * write-back ({@link #beforeCommit}) that puts what changed since the last commit, and Streams
 * runs it as it prepares every commit, so the changelog in each transaction holds exactly the
 * state that goes with the committed input offsets.
 *
 * <p>Kafka Streams gives processors no pre-commit hook; its record cache gets one, as
 * {@code ProcessorStateManager.flushCache()} calls {@code flushCache()} on every store that is a
 * {@code CachedStateStore} before it flushes the producer and commits. This store joins that
 * internal contract through {@link WrappedStateStore} (Kafka Streams 4.3, pinned);
 * WriteBackStoreTest fails if a newer Kafka stops calling it before a commit.
 */
final class WriteBackStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {
    private Runnable beforeCommit = () -> {};

    private WriteBackStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** A store of this kind: logged, not cached (each key is written at most once per commit). */
    static <K, V> StoreBuilder<WriteBackStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner) {
        return new Builder<>(inner.withCachingDisabled());
    }

    /** The store behind what {@code ProcessorContext#getStateStore} hands out, which wraps it. */
    @SuppressWarnings("unchecked")
    static <K, V> WriteBackStore<K, V> of(StateStore fromContext) {
        StateStore s = fromContext;
        while (!(s instanceof WriteBackStore) && s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        if (!(s instanceof WriteBackStore)) {
            throw new IllegalStateException(fromContext.name() + " is not a write-back store");
        }
        return (WriteBackStore<K, V>) s;
    }

    /** Replaces the write-back: a task revived after a failure registers its new processor's. */
    void beforeCommit(Runnable writeBack) {
        this.beforeCommit = writeBack;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    @Override
    public void put(K key, V value) {
        wrapped().put(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public V delete(K key) {
        return wrapped().delete(key);
    }

    @Override
    public V get(K key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner) implements StoreBuilder<WriteBackStore<K, V>> {
        @Override
        public StoreBuilder<WriteBackStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store writes each key once per commit: no cache");
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withLoggingDisabled() {
            throw new UnsupportedOperationException("a write-back store exists for its changelog");
        }

        @Override
        public WriteBackStore<K, V> build() {
            return new WriteBackStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
