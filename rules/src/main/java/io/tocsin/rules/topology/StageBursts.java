package io.tocsin.rules.topology;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When stage 2 asks for a commit after an alert changed: once every stage-2 task on this stream
 * thread has processed the stage-1 input that changed it, rather than at the changed alert itself.
 * Streams processes its tasks a few records at a time, so a task that asked at its first changed
 * alert committed while its siblings still held the rest of the same stage-1 transaction: alerts
 * judged on one push went out in two transactions ~12 ms apart, and the notifier spent a second
 * commit cycle (~50 ms) on the second (issue 20, session 14's `p95` branch).
 *
 * <p>A stage-1 transaction ends, in every stage-2 partition, with the progress of each source that
 * read something ({@link UpdateBatch#progress}, sent to every partition after the updates it
 * covers). So the input is processed across the thread when every task here has read the same
 * progress of every source, and none of them holds a push read in part (a push whose other
 * partitions' progress has yet to come). A change made on updates waits for its own task's next
 * progress; a change made on a progress record is checked at once. A lone change on a thread with
 * one task, or whose siblings already read the same, is asked for at once, as before. While the
 * tasks never level (steady load) nothing is asked: the interval commit publishes, so this never
 * asks more commits than asking at each change did.
 *
 * <p>One per stream thread, shared by the stage-2 tasks it runs (a task runs on one thread at a
 * time; {@link #own} and {@link #disown} follow its moves).
 */
final class StageBursts {
    private static final ThreadLocal<StageBursts> ON_THREAD = ThreadLocal.withInitial(StageBursts::new);

    private static final class Task {
        /** The newest progress read per source. */
        final Map<Progress.Source, Progress> read = new HashMap<>();
        /** No push of a writer still sending is read here in part. */
        boolean settled = true;
    }

    private final Map<Integer, Task> tasks = new HashMap<>();
    /** A task changed an alert since the thread's last commit. */
    private boolean owed;
    /** Tasks whose change waits for their own next progress. */
    private final Set<Integer> awaitingProgress = new HashSet<>();

    static StageBursts onThisThread() {
        return ON_THREAD.get();
    }

    /** A stage-2 task of this partition now runs on this thread. */
    void own(int task) {
        tasks.put(task, new Task());
    }

    /** It no longer does (closed, or moved). A thread left with no stage-2 task owes nothing. */
    void disown(int task) {
        tasks.remove(task);
        awaitingProgress.remove(task);
        if (tasks.isEmpty()) {
            owed = false;
        }
    }

    /**
     * The task read a source's progress.
     *
     * @param settled whether, with it, no push is read in part in the task
     */
    void progress(int task, Progress p, boolean settled) {
        Task t = tasks.computeIfAbsent(task, k -> new Task());
        t.read.put(p.source(), p);
        t.settled = settled;
        awaitingProgress.remove(task);
    }

    /**
     * The task changed an alert.
     *
     * @param onProgress whether on a progress record (else on updates, whose progress follows)
     */
    void changed(int task, boolean onProgress) {
        owed = true;
        if (!onProgress) {
            awaitingProgress.add(task);
        }
    }

    /**
     * After a stage-2 task processed a record: whether to ask for the commit now; if so, it counts
     * as asked.
     */
    boolean ask() {
        if (!owed || !awaitingProgress.isEmpty() || !level()) {
            return false;
        }
        owed = false;
        return true;
    }

    /** The thread committed (asked or by the interval): what was owed is in it. */
    void committed() {
        owed = false;
        awaitingProgress.clear();
    }

    /**
     * Every task settled, all having read the same progress of every source they have heard of (a
     * task that never heard of a source, e.g. one just moved here, does not hold the others back).
     */
    private boolean level() {
        Map<Progress.Source, Progress> newest = new HashMap<>();
        for (Task t : tasks.values()) {
            if (!t.settled) {
                return false;
            }
            for (Map.Entry<Progress.Source, Progress> e : t.read.entrySet()) {
                Progress other = newest.putIfAbsent(e.getKey(), e.getValue());
                if (other != null && !other.equals(e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }
}
