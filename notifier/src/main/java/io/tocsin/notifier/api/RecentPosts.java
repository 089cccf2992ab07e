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
 */
final class RecentPosts {
    static final Duration KEEP = Duration.ofSeconds(10);

    record Posted(Alert alert, Instant at) {}

    /** How often posts older than {@link #KEEP} are dropped: a scan of every post on every POST made POST O(posts). */
    static final Duration PRUNE = Duration.ofSeconds(1);

    private final Map<String, Posted> byFingerprint = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> prunedAt = new AtomicReference<>(Instant.EPOCH);

    void add(List<Alert> alerts, Instant now) {
        Instant last = prunedAt.get();
        if (!now.isBefore(last.plus(PRUNE)) && prunedAt.compareAndSet(last, now)) {
            byFingerprint.values().removeIf(p -> p.at().plus(KEEP).isBefore(now));
        }
        for (Alert a : alerts) {
            byFingerprint.put(a.fingerprint(), new Posted(a, now));
        }
    }

    /** The groups held, plus groups for firing posted alerts no group holds yet. */
    List<AlertGroup> with(Collection<AlertGroup> held, Route root, Instant now) {
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
            Alert a = p.alert();
            if (p.at().plus(KEEP).isBefore(now) || !AlertGroup.firing(a, now) || known.contains(a.fingerprint())) {
                continue;
            }
            root.matchOncePerReceiver(a.labels()).forEach(m -> {
                GroupRef ref = GroupRef.of(m);
                opened.computeIfAbsent(ref.id(), id -> AlertGroup.open(ref, p.at()));
                alerts.computeIfAbsent(ref.id(), id -> new ArrayList<>()).add(a);
            });
        }
        List<AlertGroup> out = new ArrayList<>(opened.size());
        opened.forEach((id, g) -> out.add(g.receive(g.ref(), alerts.get(id), now)));
        return out;
    }
}
