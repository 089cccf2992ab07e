package io.tocsin.notifier.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The due-time index of one task ({@link DueIndex} keys → group id), kept in memory in due order
 * and written to its store once per commit. A group with group_wait 0s puts, deletes and puts a
 * timer within one alert; the changelog only needs where it ended. Loaded from the store when the
 * task starts, so the store stays the truth across restarts.
 */
final class DueTimers {
    private final KeyValueStore<String, String> store;
    private final TreeMap<String, String> byDue = new TreeMap<>();
    /** Keys changed since the last commit: the group id, or null for a deleted timer. */
    private final Map<String, String> changed = new HashMap<>();
    /**
     * Keys put since the last commit that the store did not hold: deleted before the commit, they
     * leave nothing to write. A group with group_wait 0s sets a timer for now and takes it down
     * within one alert; writing its tombstone was one changelog record per alert for nothing.
     */
    private final Set<String> unwritten = new HashSet<>();

    DueTimers(KeyValueStore<String, String> store) {
        this.store = store;
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(kv -> byDue.put(kv.key, kv.value));
        }
    }

    void put(String key, String groupId) {
        // Absent from memory and not deleted since the last commit: the store does not hold it.
        if (!byDue.containsKey(key) && !changed.containsKey(key)) {
            unwritten.add(key);
        }
        byDue.put(key, groupId);
        changed.put(key, groupId);
    }

    void delete(String key) {
        byDue.remove(key);
        if (unwritten.remove(key)) {
            changed.remove(key);
        } else {
            changed.put(key, null);
        }
    }

    /** The earliest due time in epoch millis, {@link Wakeup#NEVER} when no timer is set. */
    long firstDueMillis() {
        return byDue.isEmpty() ? Wakeup.NEVER : DueIndex.millis(byDue.firstKey());
    }

    /** At most {@code limit} timers with keys up to {@code last} inclusive, earliest first. */
    List<KeyValue<String, String>> upTo(String last, int limit) {
        List<KeyValue<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : byDue.headMap(last, true).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(KeyValue.pair(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** As a commit is prepared: the net change of each timer since the last one. */
    void writeChanged() {
        changed.forEach((key, groupId) -> {
            if (groupId == null) {
                store.delete(key);
            } else {
                store.put(key, groupId);
            }
        });
        changed.clear();
        unwritten.clear();
    }
}
