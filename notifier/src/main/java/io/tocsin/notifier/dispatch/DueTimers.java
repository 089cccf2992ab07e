package io.tocsin.notifier.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    /**
     * The timers in due order. Not their keys: a key is the group id again behind 20 characters
     * of time, a string per held group (~150 bytes at 100,000 held groups of one alert each);
     * a {@link Timer} shares the group's id and orders as the keys do.
     */
    private final TreeSet<Timer> byDue = new TreeSet<>();
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
            it.forEachRemaining(kv -> byDue.add(Timer.of(kv.key, kv.value)));
        }
    }

    /**
     * A timer: the due millisecond of its key and the group it flushes. Ordered as the store's
     * keys ({@link DueIndex#key}: the padded time, then the id), so the front is the earliest.
     */
    private record Timer(long millis, String groupId) implements Comparable<Timer> {
        static Timer of(String key, String groupId) {
            return new Timer(DueIndex.millis(key), groupId);
        }

        String key() {
            return DueIndex.padded(millis) + "/" + groupId;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(millis, o.millis);
            return c != 0 ? c : groupId.compareTo(o.groupId);
        }
    }

    void put(String key, String groupId) {
        // Absent from memory and not deleted since the last commit: the store does not hold it.
        Timer t = Timer.of(key, groupId);
        if (!byDue.contains(t) && !changed.containsKey(key)) {
            unwritten.add(key);
        }
        byDue.add(t);
        changed.put(key, groupId);
    }

    void delete(String key) {
        byDue.remove(Timer.of(key, key.substring(key.indexOf('/') + 1)));
        if (unwritten.remove(key)) {
            changed.remove(key);
        } else {
            changed.put(key, null);
        }
    }

    /** The earliest due time in epoch millis, {@link Wakeup#NEVER} when no timer is set. */
    long firstDueMillis() {
        return byDue.isEmpty() ? Wakeup.NEVER : byDue.first().millis();
    }

    /**
     * At most {@code limit} timers due at or before {@code millis} (the keys up to {@link
     * DueIndex#upTo} of it), earliest first, as key → group id.
     */
    List<KeyValue<String, String>> upTo(long millis, int limit) {
        long last = Math.max(0, millis); // keys pad a time before 1970 as 0
        List<KeyValue<String, String>> out = new ArrayList<>();
        for (Timer t : byDue) {
            if (t.millis() > last || out.size() >= limit) {
                break;
            }
            out.add(KeyValue.pair(t.key(), t.groupId()));
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
