package io.tocsin.ops.streams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
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
 *
 * <p><b>One producer flush per commit.</b> Streams prepares a commit task by task, and each task's
 * preparation is its cache flush (this hook) followed by a flush of the producer, which waits
 * until every record sent so far is acknowledged. Under exactly-once v2 the tasks of a stream
 * thread share that producer and one transaction, so a hook that writes in the second task's
 * preparation costs a second round trip to the broker, the third task's a third: a dispatch
 * commit used to wait for about three. So the first hook reached in a commit runs the work of
 * every hook registered on this thread whose task did any work since that hook last ran, and
 * the first producer flush carries all of it; the later flushes find nothing in flight.
 *
 * <p>Why that is safe: a hook's work is idempotent, it writes only what changed since its last
 * run. A task that did work since its hook last ran is exactly one whose commit is needed (it
 * processed or punctuated after the last commit), and under exactly-once v2 Streams never commits
 * the thread's transaction without the offsets of every such task, since their output already
 * sits in it (a commit asked by one task, the commit interval, a revocation: all commit every
 * task that needs it). So the state written early goes into the very transaction that carries
 * the task's own offsets and output, as it would have a few milliseconds later; the task's own
 * preparation still runs its hook, which then finds nothing left (or what a hook earlier in the
 * same task forwarded to it since). A task that did no work is skipped: it has nothing to write
 * and may not be in the commit (a suspended task, whose topology is closed, did no work since
 * its revocation commit). A task being closed dirty or a transaction being aborted loses what
 * was written with everything else of that transaction, and its state is restored from the
 * changelog. Whether a task worked is read from its record context, which Streams replaces for
 * every record it processes and every punctuation.
 */
public final class CommitHook implements StateStore, CachedStateStore<Void, Void> {
    /** The hooks whose processors were initialised on this stream thread, in that order. */
    private static final ThreadLocal<Set<CommitHook>> ON_THREAD = ThreadLocal.withInitial(LinkedHashSet::new);
    /** {@link #ranWith} before the first run: any record context differs from it. */
    private static final Object NEVER = new Object();

    private final String name;
    private volatile boolean open;
    /** The work as the registering processor, or null while no processor registered any. */
    private Runnable beforeCommit;
    /** Where the work reads whether its task worked since the work last ran. */
    private InternalProcessorContext<?, ?> task;
    /** The set this hook joined, to leave it as the store closes. */
    private Set<CommitHook> thread;
    /** The task's record context when the work last ran. */
    private Object ranWith = NEVER;

    private CommitHook(String name) {
        this.name = name;
    }

    public static StoreBuilder<CommitHook> builder(String name) {
        return new Builder(name);
    }

    /**
     * Registers the work to run before each commit, as the processor whose context this is, so
     * it may forward. Called from the processor's init (on the stream thread that runs the task);
     * a task revived after a failure registers its new processor's work. The work must be
     * idempotent: run again with nothing new, it writes and forwards nothing.
     */
    public static void register(ProcessorContext<?, ?> context, String name, Runnable work) {
        CommitHook hook = context.getStateStore(name);
        InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode(); // the processor being initialised
        hook.beforeCommit = () -> {
            ProcessorNode<?, ?, ?, ?> running = internal.currentNode();
            internal.setCurrentNode(node);
            if (internal.currentSystemTimeMs() < 0) {
                // A task committed before it processed or punctuated anything: Streams leaves
                // its system time at -1 after initialising it, and work that stamps what it
                // forwards with that time sent a negative timestamp (Malformed Record: the
                // rules' stream thread failed and was replaced, twice in one CI run).
                internal.setSystemTimeMs(System.currentTimeMillis());
            }
            ProcessorRecordContext had = internal.recordContext();
            if (had == null) {
                // The same task, before it processed or punctuated anything: Streams leaves its
                // record context null after initialising it, and a sink reads it, so a forward
                // threw (a rules stream thread replaced twice after a takeover, in ClusterIT).
                // Forwarded as a punctuation's records are: no source offset, partition or topic.
                internal.setRecordContext(
                        new ProcessorRecordContext(internal.currentSystemTimeMs(), -1L, -1, null, new RecordHeaders()));
            }
            try {
                work.run();
            } finally {
                internal.setCurrentNode(running);
                if (had == null) {
                    internal.setRecordContext(null); // as Streams left it: the hook has not "worked" anything new
                }
            }
        };
        hook.task = internal;
        hook.ranWith = NEVER;
        hook.leave();
        hook.thread = ON_THREAD.get();
        hook.thread.add(hook);
    }

    /**
     * Streams prepares this hook's task for a commit. If the task worked since the hook last ran,
     * this is the first hook of the commit: every hook of this thread whose task worked runs now,
     * before the first producer flush. Otherwise a hook reached earlier in this commit already ran
     * it; it runs once more for what its own task forwarded to it since (usually nothing).
     */
    @Override
    public void flushCache() {
        if (beforeCommit == null) {
            return; // a standby task, or a task whose processor is not initialised
        }
        if (worked() && thread != null && thread.contains(this)) {
            for (CommitHook hook : new ArrayList<>(thread)) { // this one among them
                if (hook.worked()) {
                    hook.run();
                }
            }
        } else {
            run();
        }
    }

    private boolean worked() {
        return ranWith != task.recordContext();
    }

    private void run() {
        beforeCommit.run();
        ranWith = task.recordContext();
    }

    private void leave() {
        if (thread != null) {
            thread.remove(this);
            thread = null;
        }
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
        leave();
        beforeCommit = null;
        task = null;
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
