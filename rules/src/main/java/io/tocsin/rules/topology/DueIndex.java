package io.tocsin.rules.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which groups a wall-clock tick must evaluate: every group's next due time, read from the front
 * up to now, so a tick never touches a group whose verdict cannot have changed. It is derived
 * from the group states alone, so it lives in memory and is rebuilt whenever a task starts.
 */
final class DueIndex<K> {
    private final TreeMap<Long, Set<K>> byTime = new TreeMap<>();
    private final Map<K, Long> dueOf = new HashMap<>();

    /** @param due {@link Long#MAX_VALUE}: never by the clock alone */
    void schedule(K key, long due) {
        Long current = dueOf.get(key);
        if (current != null && current == due) {
            return; // the common case: new data in a bucket moves no boundary
        }
        remove(key);
        if (due == Long.MAX_VALUE) {
            return;
        }
        dueOf.put(key, due);
        byTime.computeIfAbsent(due, t -> new HashSet<>()).add(key);
    }

    /** Moves the key to {@code due} if it is due later than that (or not at all). */
    void scheduleNoLaterThan(K key, long due) {
        Long current = dueOf.get(key);
        if (current == null || current > due) {
            schedule(key, due);
        }
    }

    /** The keys due after {@code after} and at or before {@code upTo}, left in place. */
    List<K> dueBetween(long after, long upTo) {
        List<K> keys = new ArrayList<>();
        if (upTo > after) {
            byTime.subMap(after, false, upTo, true).values().forEach(keys::addAll);
        }
        return keys;
    }

    void remove(K key) {
        Long due = dueOf.remove(key);
        if (due != null) {
            Set<K> keys = byTime.get(due);
            keys.remove(key);
            if (keys.isEmpty()) {
                byTime.remove(due);
            }
        }
    }

    /** Takes out every key due at or before {@code now}, earliest first. */
    List<K> takeDue(long now) {
        List<K> due = new ArrayList<>();
        while (!byTime.isEmpty() && byTime.firstKey() <= now) {
            for (K key : byTime.pollFirstEntry().getValue()) {
                dueOf.remove(key);
                due.add(key);
            }
        }
        return due;
    }

    /** @return the earliest due time, {@link Long#MAX_VALUE} when no key is due by the clock */
    long firstDue() {
        return byTime.isEmpty() ? Long.MAX_VALUE : byTime.firstKey();
    }

    void clear() {
        byTime.clear();
        dueOf.clear();
    }

    int size() {
        return dueOf.size();
    }
}
