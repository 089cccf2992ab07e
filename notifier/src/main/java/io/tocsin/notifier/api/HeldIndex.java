package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The alerts of the held groups in the order GET /api/v2/alerts lists them (by fingerprint, an
 * alert in several groups on one {@link Row}), kept from answer to answer and brought up to date
 * from the groups that changed ({@link #apply}): at 100,000 held alerts, walking every group's
 * alert map, parsing and sorting the fingerprints was half of an answer, and right after a burst
 * every group flushes (group_wait) without changing its alerts. An answer reads {@link #rows()},
 * an array no one changes: a refresh makes a new one, reusing the rows it did not touch.
 *
 * <p>Each alert's JSON ({@link EncodedAlerts#encode}) is kept on its {@link Member}, made by the
 * first answer that lists it. Not thread-safe: {@link AlertListings} refreshes it under a lock.
 */
final class HeldIndex {
    /** One alert as one group holds it. Immutable but for its JSON, made once when first listed. */
    static final class Member {
        final String fingerprint;
        final GroupRef ref;
        final Alert alert;
        /** Firing, and until when ({@link Long#MAX_VALUE}: no endsAt): an answer need not open the alert. */
        private final boolean fires;

        private final long endSecond;
        private final int endNano;
        /** Null until an answer lists it; made again by a racing answer at worst (the same bytes). */
        volatile EncodedAlerts.Encoded encoded;

        Member(String fingerprint, GroupRef ref, Alert alert) {
            this.fingerprint = fingerprint;
            this.ref = ref;
            this.alert = alert;
            this.fires = alert.state() == AlertState.FIRING;
            this.endSecond =
                    alert.endsAt() == null ? Long.MAX_VALUE : alert.endsAt().getEpochSecond();
            this.endNano = alert.endsAt() == null ? 0 : alert.endsAt().getNano();
        }

        /** {@link AlertGroup#firing}, from the fields kept here. */
        boolean firingAt(Instant now) {
            return fires
                    && (endSecond > now.getEpochSecond()
                            || endSecond == now.getEpochSecond() && endNano > now.getNano());
        }

        EncodedAlerts.Encoded encoded(JsonChunks scratch) {
            EncodedAlerts.Encoded e = encoded;
            if (e == null) {
                e = EncodedAlerts.encode(fingerprint, alert, scratch);
                encoded = e;
            }
            return e;
        }

        /** The same alert in the same group, routed alike: this member (and its JSON) stands. */
        boolean sameAs(String fp, GroupRef otherRef, Alert other) {
            return alert == other && fingerprint.equals(fp) && ref.equals(otherRef);
        }
    }

    /** Every held alert of one fingerprint: one member per group that holds it. */
    record Row(String fingerprint, Member[] members) {}

    static final Row[] NO_ROWS = new Row[0];
    private static final Member[] NO_MEMBERS = new Member[0];

    private Row[] rows = NO_ROWS;
    /** Each group's members, by group id; empty while the index is made whole each time. */
    private final Map<String, Member[]> byGroup = new HashMap<>();

    /** The rows now, by fingerprint: never changed afterwards, so an answer may keep reading them. */
    Row[] rows() {
        return rows;
    }

    /** How many alerts have their JSON kept. */
    int encoded() {
        int n = 0;
        for (Row r : rows) {
            for (Member m : r.members()) {
                n += m.encoded == null ? 0 : 1;
            }
        }
        return n;
    }

    /** Whether a group holds an alert of this fingerprint (firing or not). */
    boolean holds(String fingerprint) {
        return find(rows, fingerprint) >= 0;
    }

    /** An index of these groups, made once (nothing kept from before). */
    static HeldIndex of(Iterable<AlertGroup> groups) {
        HeldIndex index = new HeldIndex();
        index.rebuild(groups);
        return index;
    }

    /** Made whole from these groups (not kept by id: no {@link #apply} after), keeping the JSON it had. */
    void rebuild(Iterable<AlertGroup> groups) {
        List<Map.Entry<String, AlertGroup>> entries = new ArrayList<>();
        for (AlertGroup g : groups) {
            entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, g));
        }
        rebuildById(entries);
    }

    /**
     * Made whole from every group, keeping the JSON of the alerts it already had.
     *
     * @param groups each group with its id; a null id: not kept by id (no {@link #apply} after)
     */
    void rebuildById(Iterable<Map.Entry<String, AlertGroup>> groups) {
        byGroup.clear();
        List<Member> all = new ArrayList<>();
        for (Map.Entry<String, AlertGroup> e : groups) {
            Member[] ms = members(e.getValue(), NO_MEMBERS);
            if (e.getKey() != null && ms.length > 0) {
                byGroup.put(e.getKey(), ms);
            }
            all.addAll(Arrays.asList(ms));
        }
        Member[] sorted = all.toArray(NO_MEMBERS);
        sort(sorted);
        rows = keepEncodings(rowsOf(sorted), rows);
    }

    /**
     * Brought up to date from the groups of these ids (changed, closed or opened since): their
     * members are read again and only their fingerprints' rows are made anew.
     */
    void apply(Collection<String> changedIds, Function<String, AlertGroup> group) {
        List<Member> removed = new ArrayList<>();
        List<Member> added = new ArrayList<>();
        for (String id : changedIds) {
            Member[] before = byGroup.getOrDefault(id, NO_MEMBERS);
            AlertGroup g = group.apply(id);
            Member[] after = g == null ? NO_MEMBERS : members(g, before);
            if (Arrays.equals(before, after)) {
                continue; // flushed, acknowledged, timed: its alerts are what they were
            }
            if (after.length == 0) {
                byGroup.remove(id);
            } else {
                byGroup.put(id, after);
            }
            Set<Member> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            kept.addAll(Arrays.asList(after));
            for (Member m : before) {
                if (!kept.remove(m)) {
                    removed.add(m);
                }
            }
            added.addAll(kept);
        }
        if (!removed.isEmpty() || !added.isEmpty()) {
            rows = merge(rows, removed, added);
        }
    }

    /** A group's members, reusing those of {@code before} that stand (their JSON with them). */
    private static Member[] members(AlertGroup g, Member[] before) {
        Map<String, Alert> alerts = g.alerts();
        if (alerts.isEmpty()) {
            return NO_MEMBERS;
        }
        Member[] out = new Member[alerts.size()];
        int n = 0;
        for (Map.Entry<String, Alert> e : alerts.entrySet()) {
            String fp = e.getKey();
            Alert a = e.getValue();
            Member m = null;
            // Members come in the map's (fingerprint) order both times: mostly the same slot.
            if (n < before.length && before[n].sameAs(fp, g.ref(), a)) {
                m = before[n];
            } else {
                for (Member b : before) {
                    if (b.sameAs(fp, g.ref(), a)) {
                        m = b;
                        break;
                    }
                }
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2 + 1); // the live map grew while read
            }
            out[n++] = m != null ? m : new Member(fp, g.ref(), a);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The rows with these members taken out and these put in: only their fingerprints' rows change. */
    private static Row[] merge(Row[] rows, List<Member> removed, List<Member> added) {
        Map<String, List<Member>> touched = new HashMap<>();
        for (Member m : removed) {
            touched.computeIfAbsent(m.fingerprint, k -> new ArrayList<>());
        }
        for (Member m : added) {
            touched.computeIfAbsent(m.fingerprint, k -> new ArrayList<>()).add(m);
        }
        Set<Member> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        gone.addAll(removed);
        String[] fps = touched.keySet().toArray(new String[0]);
        Arrays.sort(fps);
        List<Row> out = new ArrayList<>(rows.length + added.size());
        int t = 0;
        for (Row r : rows) {
            while (t < fps.length && fps[t].compareTo(r.fingerprint()) < 0) {
                addRow(out, fps[t], List.of(), touched.get(fps[t]), gone);
                t++;
            }
            if (t < fps.length && fps[t].equals(r.fingerprint())) {
                addRow(out, fps[t], Arrays.asList(r.members()), touched.get(fps[t]), gone);
                t++;
            } else {
                out.add(r);
            }
        }
        for (; t < fps.length; t++) {
            addRow(out, fps[t], List.of(), touched.get(fps[t]), gone);
        }
        return out.toArray(NO_ROWS);
    }

    private static void addRow(List<Row> out, String fp, List<Member> had, List<Member> added, Set<Member> gone) {
        List<Member> ms = new ArrayList<>(had.size() + added.size());
        for (Member m : had) {
            if (!gone.contains(m)) {
                ms.add(m);
            }
        }
        ms.addAll(added);
        if (!ms.isEmpty()) {
            out.add(new Row(fp, ms.toArray(NO_MEMBERS)));
        }
    }

    /** These members' rows, by fingerprint. */
    static Row[] rowsOf(List<Member> members) {
        Member[] sorted = members.toArray(NO_MEMBERS);
        sort(sorted);
        return rowsOf(sorted);
    }

    /** Members sorted by fingerprint, side by side with their fingerprint's others: one row each. */
    private static Row[] rowsOf(Member[] sorted) {
        List<Row> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            int j = i + 1;
            while (j < sorted.length && sorted[j].fingerprint.equals(sorted[i].fingerprint)) {
                j++;
            }
            out.add(new Row(sorted[i].fingerprint, Arrays.copyOfRange(sorted, i, j)));
            i = j;
        }
        return out.toArray(NO_ROWS);
    }

    /** Carries the JSON of the alerts {@code before} had over to the same alerts in {@code after}; both by fingerprint. */
    private static Row[] keepEncodings(Row[] after, Row[] before) {
        int b = 0;
        for (Row r : after) {
            while (b < before.length && before[b].fingerprint().compareTo(r.fingerprint()) < 0) {
                b++;
            }
            if (b < before.length && before[b].fingerprint().equals(r.fingerprint())) {
                for (Member m : r.members()) {
                    for (Member old : before[b].members()) {
                        if (old.alert == m.alert && old.encoded != null) {
                            m.encoded = old.encoded;
                            break;
                        }
                    }
                }
            }
        }
        return after;
    }

    /** The row of this fingerprint, or a negative number. */
    private static int find(Row[] rows, String fingerprint) {
        int lo = 0;
        int hi = rows.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = rows[mid].fingerprint().compareTo(fingerprint);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * By fingerprint, in text order. Fingerprints are 16 lower-case hex digits, whose text order
     * is the unsigned order of their value: sorted by that value with a radix sort (four stable
     * passes of 16 bits), where a comparison sort of 100,000 alerts was a fifth of an answer's
     * time. Any other fingerprint: a comparison sort.
     */
    static void sort(Member[] members) {
        int n = members.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            String fp = members[i].fingerprint;
            if (!hex(fp)) {
                Arrays.sort(members, (x, y) -> x.fingerprint.compareTo(y.fingerprint));
                return;
            }
            keys[i] = Long.parseUnsignedLong(fp, 16);
        }
        Member[] items = members;
        long[] otherKeys = new long[n];
        Member[] otherItems = new Member[n];
        int[] starts = new int[(1 << 16) + 1];
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(starts, 0);
            for (int i = 0; i < n; i++) {
                starts[((int) (keys[i] >>> shift) & 0xFFFF) + 1]++;
            }
            for (int d = 0; d < 1 << 16; d++) {
                starts[d + 1] += starts[d];
            }
            for (int i = 0; i < n; i++) {
                int to = starts[(int) (keys[i] >>> shift) & 0xFFFF]++;
                otherKeys[to] = keys[i];
                otherItems[to] = items[i];
            }
            long[] k = keys;
            keys = otherKeys;
            otherKeys = k;
            Member[] it = items;
            items = otherItems;
            otherItems = it;
        }
        // Four passes: the sorted members are back in the array given.
    }

    /** Whether a fingerprint is 16 lower-case hex digits. */
    static boolean hex(String fingerprint) {
        if (fingerprint.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = fingerprint.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
