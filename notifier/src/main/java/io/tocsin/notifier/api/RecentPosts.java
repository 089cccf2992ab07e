package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Read-after-write for {@code POST /api/v2/alerts}: an alert answered 200 is on Kafka, but the
 * dispatch holds it in a group a moment later. Until then (at most {@link #KEEP}), reads show it
 * as the dispatch will hold it: routed by the same routes, in a group of its own receiver and
 * key. Alertmanager holds a posted alert before it answers; this keeps its clients' post-then-read
 * (amtool alert add, then query) true.
 *
 * <p>Reads are what this costs: a post is routed once (not on every read) and forgotten as soon
 * as a read finds a group holding it. Before, every GET routed and grouped every post of the last
 * 10 s: polling GETs during a 100,000-alert burst spent more CPU there than the dispatch had.
 */
final class RecentPosts {
    static final Duration KEEP = Duration.ofSeconds(10);

    /** One posted alert, and the groups it goes to under the routes it was last routed by. */
    static final class Posted {
        private final Alert alert;
        private final String fingerprint;
        private final Instant at;
        private volatile Routed routed;

        Posted(Alert alert, Instant at) {
            this(alert, alert.fingerprint(), at);
        }

        Posted(Alert alert, String fingerprint, Instant at) {
            this.alert = alert;
            this.fingerprint = fingerprint;
            this.at = at;
        }

        Alert alert() {
            return alert;
        }

        String fingerprint() {
            return fingerprint;
        }

        Instant at() {
            return at;
        }

        /** The groups the dispatch puts it in; routed again only after a config reload. */
        List<GroupRef> refs(Route root) {
            Routed r = routed;
            if (r == null || r.root() != root) {
                r = new Routed(
                        root,
                        root.matchOncePerReceiver(alert.labels()).stream()
                                .map(GroupRef::of)
                                .toList());
                routed = r;
            }
            return r.refs();
        }

        /** Shown only while recent and firing. */
        boolean shown(Instant now) {
            return !at.plus(KEEP).isBefore(now) && AlertGroup.firing(alert, now);
        }
    }

    private record Routed(Route root, List<GroupRef> refs) {}

    /** How often posts older than {@link #KEEP} are dropped: a scan of every post on every POST made POST O(posts). */
    static final Duration PRUNE = Duration.ofSeconds(1);

    private final Map<String, Posted> byFingerprint = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> prunedAt = new AtomicReference<>(Instant.EPOCH);

    void add(List<Posted> posted, Instant now) {
        Instant last = prunedAt.get();
        if (!now.isBefore(last.plus(PRUNE)) && prunedAt.compareAndSet(last, now)) {
            byFingerprint.values().removeIf(p -> p.at().plus(KEEP).isBefore(now));
        }
        for (Posted p : posted) {
            byFingerprint.put(p.fingerprint(), p);
        }
    }

    /** Whether an alert of this fingerprint was posted here lately. */
    boolean posted(String fingerprint) {
        return byFingerprint.containsKey(fingerprint);
    }

    boolean isEmpty() {
        return byFingerprint.isEmpty();
    }

    /** Posts a read found in a group: the group's copy is the one to show from now on. */
    void forget(Set<String> held) {
        held.forEach(byFingerprint::remove);
    }

    /** The posts to show beside the groups: recent, firing, and not in {@code held}. */
    List<Posted> notHeld(Set<String> held, Instant now) {
        List<Posted> out = new ArrayList<>();
        for (Posted p : byFingerprint.values()) {
            if (p.shown(now) && !held.contains(p.fingerprint())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The groups held, plus groups for firing posted alerts no group holds yet. */
    List<AlertGroup> with(Collection<AlertGroup> held, Route root, Instant now) {
        if (byFingerprint.isEmpty()) {
            return new ArrayList<>(held);
        }
        List<AlertGroup> out = new ArrayList<>(held);
        out.addAll(pending(held, byFingerprint.values(), root, now));
        return out;
    }

    /** Pure: the groups the dispatch will put these posted alerts in, for the alerts not held yet. */
    static List<AlertGroup> pending(Collection<AlertGroup> held, Collection<Posted> posted, Route root, Instant now) {
        Set<String> known = new HashSet<>();
        held.forEach(g -> known.addAll(g.alerts().keySet()));
        // Each group is opened at its first post and receives its alerts at once: one by one, a
        // group of n posted alerts cost n copies of its alerts on every read.
        Map<String, AlertGroup> opened = new LinkedHashMap<>();
        Map<String, List<Alert>> alerts = new HashMap<>();
        for (Posted p : posted) {
            if (!p.shown(now) || known.contains(p.fingerprint())) {
                continue;
            }
            for (GroupRef ref : p.refs(root)) {
                opened.computeIfAbsent(ref.id(), id -> AlertGroup.open(ref, p.at()));
                alerts.computeIfAbsent(ref.id(), id -> new ArrayList<>()).add(p.alert());
            }
        }
        List<AlertGroup> out = new ArrayList<>(opened.size());
        opened.forEach((id, g) -> out.add(g.receive(g.ref(), alerts.get(id), now)));
        return out;
    }
}
