package io.tocsin.notifier.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

    void put(String task, String id, AlertGroup group) {
        byTask.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(id, group);
        version.incrementAndGet();
    }

    void remove(String task, String id) {
        Map<String, AlertGroup> groups = byTask.get(task);
        if (groups != null) {
            groups.remove(id);
        }
        version.incrementAndGet();
    }

    void drop(String task) {
        byTask.remove(task);
        version.incrementAndGet();
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
