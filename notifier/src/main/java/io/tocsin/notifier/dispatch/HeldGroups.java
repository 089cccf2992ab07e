package io.tocsin.notifier.dispatch;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.wire.Alert;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;

/**
 * The groups of one task as the group stage holds them, and what changed since the last commit.
 * An alert into a group of n costs O(log n): the group's alerts are a map mutated in place (a
 * concurrent one: the read API walks it from other threads through {@link GroupView}), whose
 * read-only view is the {@link AlertGroup#alerts()} of the group's current record, and the store
 * gets that one alert's entry ({@link GroupCodec}) at the next commit, not the whole group. A
 * flush, O(n) anyway, replaces the record and its alerts and writes the entries that changed.
 *
 * <p>Records handed out share the live alerts: a record's alerts may grow after it was read.
 * The processor reads only the current record; readers on other threads see a group a moment
 * ahead of its header, never a broken map.
 */
final class HeldGroups {
    private static final Deserializer<AlertGroup> LEGACY =
            StateSerde.of(AlertGroup.class).deserializer();

    private static final class Held {
        final ConcurrentSkipListMap<String, Alert> members;
        final SortedMap<String, Alert> view;
        AlertGroup group;

        Held(SortedMap<String, Alert> alerts) {
            members = new ConcurrentSkipListMap<>(alerts);
            view = Collections.unmodifiableSortedMap(members);
        }

        /** The record with its alerts replaced by the live view of {@link #members}. */
        AlertGroup live(AlertGroup g) {
            return new AlertGroup(
                    g.ref(),
                    g.opened(),
                    view,
                    g.told(),
                    g.toldAt(),
                    g.flushedAt(),
                    g.sequence(),
                    g.due(),
                    g.ack(),
                    g.ackTold(),
                    g.escalation());
        }
    }

    private final Map<String, Held> byId = new HashMap<>();
    /** Group ids whose header changed (or whose group closed) since the last commit. */
    private final Set<String> dirtyHeaders = new LinkedHashSet<>();
    /** Member keys ({@link GroupCodec#memberKey}) whose alert or told episode changed since then. */
    private final Set<String> dirtyMembers = new LinkedHashSet<>();
    /**
     * Groups the store holds (or may hold) apart, a header and one entry per alert; every other
     * group is one value ({@link GroupCodec#whole}). A group goes apart when it grows past one
     * alert and stays so until it closes (its entries deleted with it).
     */
    private final Set<String> apart = new HashSet<>();

    AlertGroup get(String id) {
        Held h = byId.get(id);
        return h == null ? null : h.group;
    }

    int size() {
        return byId.size();
    }

    /**
     * The group after {@code arrived}, routed with {@code latest}, reached {@code current} (the
     * held group, or a new one just opened): null when nothing changed (it did not concern the
     * group, or repeated what the group holds), else the record now held.
     */
    AlertGroup receive(String id, AlertGroup current, GroupRef latest, Alert arrived, Instant now) {
        Held h = byId.get(id);
        SortedMap<String, Alert> alerts = h == null ? current.alerts() : h.members;
        // Ticks are the group's as routed now (a config reload may change group_interval).
        AlertGroup timed = current.ref().equals(latest) ? current : current.withRef(latest);
        String fp = arrived.fingerprint();
        Alert held = alerts.get(fp);
        Alert a = timed.accept(held, arrived, now);
        if (a == null) {
            return null;
        }
        Instant due = AlertGroup.earlier(current.due(), timed.nextDue(fp, a, now));
        boolean headerChanged = h == null || timed != current || !Objects.equals(due, current.due());
        if (a.equals(held) && !headerChanged) {
            return null;
        }
        if (h == null) {
            h = new Held(current.alerts());
            byId.put(id, h);
            markMembers(id, current);
        }
        if (!a.equals(held)) {
            h.members.put(fp, a);
            dirtyMembers.add(GroupCodec.memberKey(id, fp));
        }
        if (headerChanged) {
            h.group = h.live(timed.withDue(due));
            dirtyHeaders.add(id);
        }
        return h.group;
    }

    /**
     * The group becomes {@code next} (a flush's, an acknowledgement's, an escalation's): only
     * the entries that differ from what is held are written. Returns the record now held, whose
     * alerts are live.
     */
    AlertGroup put(String id, AlertGroup next) {
        Held h = byId.get(id);
        AlertGroup before = h == null ? null : h.group;
        if (h == null || next.alerts() != h.view) {
            if (before != null) {
                markChanged(id, before, next);
            } else {
                markMembers(id, next);
            }
            h = new Held(next.alerts());
            byId.put(id, h);
        } else if (!next.told().equals(before.told())) {
            markChanged(id, before, next);
        }
        h.group = h.live(next);
        if (before == null || !sameHeader(before, next)) {
            dirtyHeaders.add(id);
        }
        return h.group;
    }

    /** The group closed: its header and every entry it had go at the next commit. */
    void remove(String id) {
        Held h = byId.remove(id);
        if (h != null) {
            markMembers(id, h.group);
            dirtyHeaders.add(id);
        }
    }

    void forEach(BiConsumer<String, AlertGroup> action) {
        byId.forEach((id, h) -> action.accept(id, h.group));
    }

    void clear() {
        byId.clear();
        dirtyHeaders.clear();
        dirtyMembers.clear();
        apart.clear();
    }

    /** Where the changes of a commit go: a put, or a delete for a null value. */
    interface Writes {
        void write(String key, byte[] value);
    }

    /**
     * As a commit is prepared: every group and member that changed since the last one, written
     * once. A group of at most one alert is written {@link GroupCodec#whole} (one record, where
     * a header and a member entry were two: the emission path, every alert its own group); one
     * that grows past that is written apart from then on, header and one entry per alert.
     */
    void writeChanged(Writes out) {
        Set<String> wholes = new LinkedHashSet<>();
        for (String key : dirtyMembers) {
            String id = GroupCodec.groupOf(key);
            if (!apart.contains(id)) {
                wholes.add(id); // its one member is in its value: the value is written again
            }
        }
        wholes.addAll(dirtyHeaders);
        for (String id : wholes) {
            Held h = byId.get(id);
            if (h != null && !apart.contains(id) && !fitsWhole(h.group)) {
                apart.add(id); // grew past one alert: from now on a header and its members
                markMembers(id, h.group);
            }
        }
        Set<String> closed = new HashSet<>();
        for (String id : wholes) {
            Held h = byId.get(id);
            if (h == null) {
                out.write(id, null);
                closed.add(id);
            } else if (apart.contains(id)) {
                out.write(id, GroupCodec.header(h.group));
            } else {
                out.write(id, whole(h.group));
            }
        }
        for (String key : dirtyMembers) {
            String id = GroupCodec.groupOf(key);
            if (!apart.contains(id)) {
                continue; // held in its group's value, written above
            }
            Held h = byId.get(id);
            if (h == null) {
                closed.add(id);
            }
            String fp = GroupCodec.fingerprintOf(key);
            Alert a = h == null ? null : h.members.get(fp);
            String told = h == null ? null : h.group.told().get(fp);
            out.write(key, a == null && told == null ? null : GroupCodec.member(new GroupCodec.Member(a, told)));
        }
        closed.forEach(apart::remove); // its header and member entries are deleted now
        dirtyHeaders.clear();
        dirtyMembers.clear();
    }

    /** A group of at most one alert (alerts and told episodes under one fingerprint), kept whole. */
    private static boolean fitsWhole(AlertGroup g) {
        String alert = onlyKey(g.alerts());
        String told = onlyKey(g.told());
        return alert != null && told != null && (alert.isEmpty() || told.isEmpty() || alert.equals(told));
    }

    /** "" for an empty map, its one key, or null for more (without counting a concurrent map: O(n)). */
    private static String onlyKey(SortedMap<String, ?> m) {
        if (m.isEmpty()) {
            return "";
        }
        String first = m.firstKey();
        return first.equals(m.lastKey()) ? first : null;
    }

    private static byte[] whole(AlertGroup g) {
        String fp = !g.alerts().isEmpty()
                ? g.alerts().firstKey()
                : !g.told().isEmpty() ? g.told().firstKey() : null;
        return GroupCodec.whole(
                g,
                fp,
                fp == null
                        ? null
                        : new GroupCodec.Member(g.alerts().get(fp), g.told().get(fp)));
    }

    /**
     * Loads what the store holds (headers, whole groups and members in any order). A group still
     * stored the way it was before this layout, as one JSON value, is read the old way and marked
     * to be rewritten in the new one at the next commit, so an upgrade keeps its application id
     * and its state. Members whose group is gone are marked to be deleted.
     */
    void load(Iterable<KeyValue<String, byte[]>> entries) {
        clear();
        Map<String, AlertGroup> headers = new HashMap<>();
        Map<String, TreeMap<String, GroupCodec.Member>> members = new HashMap<>();
        Set<String> legacy = new TreeSet<>();
        Map<String, GroupCodec.Whole> whole = new HashMap<>();
        for (KeyValue<String, byte[]> kv : entries) {
            if (kv.value == null) {
                continue;
            }
            String group = GroupCodec.groupOf(kv.key);
            // A value that cannot be read fails the task, as the JSON serde did: state is never dropped quietly.
            if (group != null) {
                members.computeIfAbsent(group, g -> new TreeMap<>())
                        .put(GroupCodec.fingerprintOf(kv.key), GroupCodec.readMember(kv.value));
            } else if (CompactSerde.isJson(kv.value)) {
                headers.put(kv.key, LEGACY.deserialize(NotifyTopology.GROUPS, kv.value));
                legacy.add(kv.key);
            } else if (GroupCodec.isWhole(kv.value)) {
                GroupCodec.Whole w = GroupCodec.readWhole(kv.value);
                headers.put(kv.key, w.header());
                whole.put(kv.key, w);
            } else {
                headers.put(kv.key, GroupCodec.readHeader(kv.value));
            }
        }
        members.forEach((id, ms) -> {
            if (!headers.containsKey(id) || legacy.contains(id)) {
                apart.add(id);
                ms.keySet().forEach(fp -> dirtyMembers.add(GroupCodec.memberKey(id, fp)));
            }
        });
        headers.forEach((id, header) -> {
            AlertGroup g = header;
            if (legacy.contains(id)) {
                dirtyHeaders.add(id);
                markMembers(id, g);
            } else {
                TreeMap<String, Alert> alerts = new TreeMap<>();
                TreeMap<String, String> told = new TreeMap<>();
                TreeMap<String, GroupCodec.Member> ms = members.getOrDefault(id, new TreeMap<>());
                GroupCodec.Whole w = whole.get(id);
                if (w != null && !ms.isEmpty()) {
                    // Kept whole and with member entries too, which is never written so: the
                    // entries win, and the group is rewritten apart, header and entries.
                    apart.add(id);
                    dirtyHeaders.add(id);
                    ms.keySet().forEach(fp -> dirtyMembers.add(GroupCodec.memberKey(id, fp)));
                }
                if (w != null && w.fingerprint() != null) {
                    ms.putIfAbsent(w.fingerprint(), w.member());
                    if (apart.contains(id)) {
                        dirtyMembers.add(GroupCodec.memberKey(id, w.fingerprint()));
                    }
                }
                if (w == null) {
                    apart.add(id);
                }
                ms.forEach((fp, m) -> {
                    if (m.alert() != null) {
                        alerts.put(fp, m.alert());
                    }
                    if (m.told() != null) {
                        told.put(fp, m.told());
                    }
                });
                g = new AlertGroup(
                        header.ref(),
                        header.opened(),
                        AlertGroup.handOver(alerts),
                        AlertGroup.handOver(told),
                        header.toldAt(),
                        header.flushedAt(),
                        header.sequence(),
                        header.due(),
                        header.ack(),
                        header.ackTold(),
                        header.escalation());
            }
            Held h = new Held(g.alerts());
            h.group = h.live(g);
            byId.put(id, h);
        });
    }

    /** Every member entry of {@code g} (its alerts and told episodes) needs writing. */
    private void markMembers(String id, AlertGroup g) {
        keysOf(g).forEach(fp -> dirtyMembers.add(GroupCodec.memberKey(id, fp)));
    }

    /** The member entries whose alert or told episode differ between {@code before} and {@code after}. O(n). */
    private void markChanged(String id, AlertGroup before, AlertGroup after) {
        Set<String> fps = keysOf(before);
        fps.addAll(keysOf(after));
        for (String fp : fps) {
            if (!Objects.equals(before.alerts().get(fp), after.alerts().get(fp))
                    || !Objects.equals(before.told().get(fp), after.told().get(fp))) {
                dirtyMembers.add(GroupCodec.memberKey(id, fp));
            }
        }
    }

    private static Set<String> keysOf(AlertGroup g) {
        Set<String> fps = new TreeSet<>(g.alerts().keySet());
        fps.addAll(g.told().keySet());
        return fps;
    }

    /** Whether two records agree on everything the header holds. */
    private static boolean sameHeader(AlertGroup a, AlertGroup b) {
        return a.ref().equals(b.ref())
                && a.opened().equals(b.opened())
                && Objects.equals(a.toldAt(), b.toldAt())
                && Objects.equals(a.flushedAt(), b.flushedAt())
                && a.sequence() == b.sequence()
                && Objects.equals(a.due(), b.due())
                && Objects.equals(a.ack(), b.ack())
                && a.ackTold() == b.ackTold()
                && Objects.equals(a.escalation(), b.escalation());
    }
}
