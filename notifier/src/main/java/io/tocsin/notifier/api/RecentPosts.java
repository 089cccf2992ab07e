package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, Posted> byFingerprint = new ConcurrentHashMap<>();

    void add(List<Alert> alerts, Instant now) {
        byFingerprint.values().removeIf(p -> p.at().plus(KEEP).isBefore(now));
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
        Map<String, AlertGroup> groups = new LinkedHashMap<>();
        for (Posted p : posted) {
            Alert a = p.alert();
            if (known.contains(a.fingerprint()) || p.at().plus(KEEP).isBefore(now) || !AlertGroup.firing(a, now)) {
                continue;
            }
            root.matchOncePerReceiver(a.labels()).forEach(m -> {
                GroupRef ref = GroupRef.of(m);
                AlertGroup g = groups.computeIfAbsent(ref.id(), id -> AlertGroup.open(ref, p.at()));
                groups.put(ref.id(), g.receive(ref, a, now));
            });
        }
        return List.copyOf(groups.values());
    }
}
