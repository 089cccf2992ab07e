package io.tocsin.notifier.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The groups this instance owns, as the dispatch last saved them, for the read API: GET
 * /api/v2/alerts walks these objects instead of reading and decoding every group from the store.
 * Kept per Streams task: a task loads its groups when it starts running here and drops them when
 * it moves away, so the view holds what the local stores hold. Groups are immutable records, so
 * readers on other threads share them safely. Costs what the groups weigh in the heap.
 */
public final class GroupView {
    private final Map<String, Map<String, AlertGroup>> byTask = new ConcurrentHashMap<>();
    /**
     * Moved after every change, for readers that keep what they made from the groups: a reader
     * that reads it before the groups and finds it unchanged later saw every change since. The
     * dispatch changes a group's live alerts in place and then puts its record here, so the
     * version moves for those too.
     */
    private final AtomicLong version = new AtomicLong();

    /**
     * The id of the group each of the last {@link #CHANGES} versions changed ({@code changed[v &
     * (CHANGES - 1)]}), null for a task dropped: a reader that keeps what it made from the groups
     * brings it up to date from the groups that changed ({@link #changedSince}) instead of
     * walking every group's alerts again. A fixed array: it costs the same however many groups
     * there are and whether anyone reads.
     */
    private final String[] changed = new String[CHANGES];

    static final int CHANGES = 1 << 16;

    void put(String task, String id, AlertGroup group) {
        byTask.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(id, group);
        changed(id);
    }

    void remove(String task, String id) {
        Map<String, AlertGroup> groups = byTask.get(task);
        if (groups != null) {
            groups.remove(id);
        }
        changed(id);
    }

    void drop(String task) {
        byTask.remove(task);
        changed(null);
    }

    /** After the change is in the map: a reader that sees this version finds the change there. */
    private synchronized void changed(String id) {
        changed[(int) version.incrementAndGet() & (CHANGES - 1)] = id;
    }

    /** Ids of the groups changed since a {@link #version()}, up to which version they go. */
    public record Changes(Set<String> ids, long upTo) {}

    /**
     * The groups changed after version {@code since} (each once), or null when that cannot be told:
     * too many changes since, or a task's groups dropped; then read {@link #forEach} again.
     *
     * <p>Only the copy of the ids is made under the lock the dispatch takes for every change (up
     * to {@link #CHANGES} references, two array copies): the walk and the set (tens of thousands
     * of ids right after a burst) are made outside it, so a reader never holds the dispatch up
     * for longer than the copy.
     */
    public Changes changedSince(long since) {
        long now;
        String[] ids;
        synchronized (this) {
            now = version.get();
            if (since < 0 || now - since >= CHANGES) {
                return null;
            }
            ids = copy(since, now);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null) {
                return null;
            }
            distinct.add(id);
        }
        return new Changes(distinct, now);
    }

    /** The ids of versions {@code since + 1} to {@code now}, in order (fewer than {@link #CHANGES}). Under the lock. */
    private String[] copy(long since, long now) {
        int n = (int) (now - since);
        String[] out = new String[n];
        int from = (int) (since + 1) & (CHANGES - 1);
        int first = Math.min(n, CHANGES - from);
        System.arraycopy(changed, from, out, 0, first);
        System.arraycopy(changed, 0, out, first, n - first);
        return out;
    }

    /** The group of this id as last saved, or null if this instance holds none. */
    public AlertGroup get(String id) {
        for (Map<String, AlertGroup> groups : byTask.values()) {
            AlertGroup g = groups.get(id);
            if (g != null) {
                return g;
            }
        }
        return null;
    }

    /** Every group with its id, in no particular order. */
    public void forEach(BiConsumer<String, AlertGroup> action) {
        byTask.values().forEach(groups -> groups.forEach(action));
    }

    /** Moves on every put, remove and drop. */
    public long version() {
        return version.get();
    }

    /** A snapshot of every group, in no particular order. */
    public List<AlertGroup> all() {
        List<AlertGroup> out = new ArrayList<>();
        byTask.values().forEach(groups -> out.addAll(groups.values()));
        return out;
    }

    public int size() {
        return byTask.values().stream().mapToInt(Map::size).sum();
    }
}
