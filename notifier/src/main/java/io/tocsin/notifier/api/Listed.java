package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * One alert of a GET /api/v2/alerts answer, and their order ({@link #sort}): most alerts are in one group, so one receiver name and that group's
 * muting, shared; sets only for an alert in several groups (a TreeSet per alert was a third
 * of the answer's garbage at 100,000 alerts).
 */
final class Listed {
    final String fingerprint;
    final boolean hex;
    final long key;
    final Alert alert;
    private Object receivers; // a String, or a TreeSet<String> once there are two
    private Collection<String> mutedBy;

    Listed(String fingerprint, Alert alert, String receiver, List<String> mutedBy) {
        this.fingerprint = fingerprint;
        this.hex = hex(fingerprint);
        this.key = hex ? Long.parseUnsignedLong(fingerprint, 16) : 0;
        this.alert = alert;
        this.receivers = receiver;
        this.mutedBy = mutedBy;
    }

    /** The same alert in another group. */
    void add(Listed other) {
        add((String) other.receivers, List.copyOf(other.mutedBy));
    }

    void add(String receiver, List<String> groupMutedBy) {
        if (receivers instanceof String one) {
            if (!one.equals(receiver)) {
                TreeSet<String> both = new TreeSet<>();
                both.add(one);
                both.add(receiver);
                receivers = both;
            }
        } else {
            receivers().add(receiver);
        }
        if (!groupMutedBy.isEmpty() && !groupMutedBy.equals(mutedBy)) {
            TreeSet<String> union = new TreeSet<>(mutedBy);
            union.addAll(groupMutedBy);
            mutedBy = union;
        }
    }

    @SuppressWarnings("unchecked")
    private TreeSet<String> receivers() {
        return (TreeSet<String>) receivers;
    }

    boolean anyReceiver(com.google.re2j.Pattern p) {
        return receivers instanceof String one
                ? p.matches(one)
                : receivers().stream().anyMatch(p::matches);
    }

    /** The silences and time intervals muting it, of every group it is in. */
    Collection<String> mutedBy() {
        return mutedBy;
    }

    Collection<String> receiverNames() {
        return receivers instanceof String one ? List.of(one) : receivers();
    }

    /**
     * By fingerprint. Fingerprints are 16 lower-case hex digits, whose text order is the
     * unsigned order of their value: sorted by that value, with a radix sort (four stable passes
     * of 16 bits over the values kept beside the alerts), where a comparison sort of 100,000
     * alerts was a fifth of the answer's time. Any other fingerprint: text order.
     */
    static void sort(Listed[] listed) {
        for (Listed l : listed) {
            if (!l.hex) {
                Arrays.sort(listed, (x, y) -> x.fingerprint.compareTo(y.fingerprint));
                return;
            }
        }
        int n = listed.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = listed[i].key;
        }
        Listed[] items = listed;
        long[] otherKeys = new long[n];
        Listed[] otherItems = new Listed[n];
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
            Listed[] it = items;
            items = otherItems;
            otherItems = it;
        }
        // Four passes: the sorted alerts are back in the array given.
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
