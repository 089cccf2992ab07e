package io.tocsin.ops.streams;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs a processor's work as a commit is prepared, before the producer is flushed and the
 * transaction commits: stage 1 forwards what it combined, and every stage writes the state that
 * changed since the last commit to its changelogged stores. The processors keep their state as
 * objects and touch no store per sample; the transaction still holds exactly the output and the
 * state that go with its input offsets.
 *
 * <p>Kafka Streams has no public pre-commit hook for processors. Its record cache has one:
 * {@code ProcessorStateManager.flushCache()} calls every {@link CachedStateStore} of the task,
 * and cache flush listeners forward records from there, as the named node. This store, holding
 * no data, joins that internal contract (Kafka Streams 4.3, pinned); CommitHookTest fails if a
 * newer Kafka stops calling it before a commit.
 */
public final class CommitHook implements StateStore, CachedStateStore<Void, Void> {
    private final String name;
    private volatile boolean open;
    private Runnable beforeCommit = () -> {};

    private CommitHook(String name) {
        this.name = name;
    }

    public static StoreBuilder<CommitHook> builder(String name) {
        return new Builder(name);
    }

    /**
     * Registers the work to run before each commit, as the processor whose context this is, so
     * it may forward. Called from the processor's init; a task revived after a failure registers
     * its new processor's work.
     */
    public static void register(ProcessorContext<?, ?> context, String name, Runnable work) {
        CommitHook hook = context.getStateStore(name);
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode(); // the processor being initialised
        hook.beforeCommit = () -> {
            ProcessorNode<?, ?, ?, ?> running = internal.currentNode();
            internal.setCurrentNode(node);
            try {
                work.run();
            } finally {
                internal.setCurrentNode(running);
            }
        };
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {}

    @Override
    public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {}); // no changelog: nothing to restore
        open = true;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder(String name) implements StoreBuilder<CommitHook> {
        @Override
        public StoreBuilder<CommitHook> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitHook build() {
            return new CommitHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
