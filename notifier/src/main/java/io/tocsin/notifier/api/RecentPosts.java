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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Read-after-write for {@code POST /api/v2/alerts}: an alert answered 200 is on Kafka, but the
 * dispatch holds it in a group later, under a backlog many seconds later. Until then reads show
 * it as the dispatch will hold it: routed by the same routes, in a group of its own receiver and
 * key. Alertmanager holds a posted alert before it answers; this keeps its clients' post-then-read
 * (amtool alert add, then query) true.
 *
 * <p>A post is kept until a group holds it, it ends, or another instance answers for it ({@link
 * PostFate}), never for a fixed time: kept 10 s, posts the dispatch had not reached yet vanished
 * from GET. Its size is bounded by refusing posts instead ({@link Admission} counts {@link
 * #size()} and {@link #bytes()}), so nothing answered 200 is dropped from reads.
 *
 * <p>Reads are what this costs: a post is routed once (not on every read) and forgotten as soon
 * as a read or a {@link #sweep} finds a group holding it.
 */
final class RecentPosts {
    /** Heap a post costs beyond its strings: the alert, its times, the map entry, the routing. */
    static final long POST_OVERHEAD_BYTES = 400;

    /** One posted alert, and the groups it goes to under the routes it was last routed by. */
    static final class Posted {
        private final Alert alert;
        private final String fingerprint;
        private final Instant at;
        private final long bytes;
        private volatile Routed routed;

        Posted(Alert alert, Instant at) {
            this(alert, alert.fingerprint(), at);
        }

        Posted(Alert alert, String fingerprint, Instant at) {
            this.alert = alert;
            this.fingerprint = fingerprint;
            this.at = at;
            this.bytes = bytesOf(alert);
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

        long bytes() {
            return bytes;
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

        /** Shown while firing; a post a group holds is not shown from here at all. */
        boolean shown(Instant now) {
            return AlertGroup.firing(alert, now);
        }
    }

    /** Two bytes a character of every label and annotation, plus the fixed part. */
    static long bytesOf(Alert a) {
        long chars = 0;
        for (Map.Entry<String, String> e : a.labels().map().entrySet()) {
            chars += e.getKey().length() + e.getValue().length();
        }
        for (Map.Entry<String, String> e : a.annotations().entrySet()) {
            chars += e.getKey().length() + e.getValue().length();
        }
        return POST_OVERHEAD_BYTES + 2 * chars;
    }

    private record Routed(Route root, List<GroupRef> refs) {}

    private final Map<String, Posted> byFingerprint = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    void add(List<Posted> posted, Instant now) {
        for (Posted p : posted) {
            Posted before = byFingerprint.put(p.fingerprint(), p);
            bytes.addAndGet(p.bytes() - (before == null ? 0 : before.bytes()));
        }
    }

    /** Whether an alert of this fingerprint was posted here and is not known held yet. */
    boolean posted(String fingerprint) {
        return byFingerprint.containsKey(fingerprint);
    }

    boolean isEmpty() {
        return byFingerprint.isEmpty();
    }

    /** Posts kept: acknowledged, and not known held, ended or another instance's. */
    long size() {
        return byFingerprint.size();
    }

    /** What the kept posts weigh, by {@link #bytesOf}. */
    long bytes() {
        return bytes.get();
    }

    /**
     * Every kept post, a snapshot. A read takes it <em>before</em> it reads the groups: a
     * {@link #sweep} between the two lets go of the posts a group came to hold meanwhile, and
     * groups read first would hold them neither (an acknowledged alert missing from a GET, seen
     * under load in {@code PostBackPressureIT}). Taken first, a post let go afterwards is in the
     * snapshot, and one let go before it was held before the groups were read.
     */
    List<Posted> all() {
        return new ArrayList<>(byFingerprint.values());
    }

    /** Posts a read found in a group: the group's copy is the one to show from now on. */
    void forget(Set<String> held) {
        for (String fp : held) {
            Posted p = byFingerprint.remove(fp);
            if (p != null) {
                bytes.addAndGet(-p.bytes());
            }
        }
    }

    /**
     * Lets go of every post whose fate is no longer {@link PostFate#KEEP}, whether or not anyone
     * reads: the kept posts are what {@link Admission} counts, so a post held while nobody reads
     * must not keep refusing posts.
     *
     * @param groupById this instance's groups by id
     * @param peers other instances share the dispatch
     * @param caughtUp this instance's dispatch backlog reads zero
     * @return how many were let go
     */
    int sweep(Function<String, AlertGroup> groupById, Route root, Instant now, boolean peers, boolean caughtUp) {
        int gone = 0;
        for (Posted p : byFingerprint.values()) {
            PostFate fate =
                    PostFate.of(held(p, groupById, root), p.shown(now), peers, caughtUp, Duration.between(p.at(), now));
            // Removed only if not replaced meanwhile: a newer post of the alert has a fate of its own.
            if (!fate.kept() && byFingerprint.remove(p.fingerprint(), p)) {
                bytes.addAndGet(-p.bytes());
                gone++;
            }
        }
        return gone;
    }

    private static boolean held(Posted p, Function<String, AlertGroup> groupById, Route root) {
        for (GroupRef ref : p.refs(root)) {
            AlertGroup g = groupById.apply(ref.id());
            if (g != null && g.alerts().containsKey(p.fingerprint())) {
                return true;
            }
        }
        return false;
    }

    /** Of {@code taken}, the posts to show beside the groups: firing, and not in {@code held}. */
    static List<Posted> notHeld(List<Posted> taken, Set<String> held, Instant now) {
        List<Posted> out = new ArrayList<>();
        for (Posted p : taken) {
            if (p.shown(now) && !held.contains(p.fingerprint())) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The groups held, plus groups for firing posted alerts no group holds yet.
     *
     * @param taken {@link #all()}, taken before {@code held} was read: see {@link #all()}
     */
    static List<AlertGroup> with(Collection<AlertGroup> held, List<Posted> taken, Route root, Instant now) {
        List<AlertGroup> out = new ArrayList<>(held);
        out.addAll(pending(held, taken, root, now));
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
