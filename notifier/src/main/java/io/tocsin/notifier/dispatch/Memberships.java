package io.tocsin.notifier.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups a firing alert was routed to, keyed by its fingerprint. Its resolve goes to each of
 * them even if the routes changed since, so no receiver that heard "firing" misses "resolved".
 */
public record Memberships(List<GroupRef> groups) {
    public Memberships {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** These groups and those, one per id, the newer ref (timing) winning. */
    public Memberships plus(List<GroupRef> more) {
        Map<String, GroupRef> byId = new LinkedHashMap<>();
        groups.forEach(g -> byId.put(g.id(), g));
        more.forEach(g -> byId.put(g.id(), g));
        return new Memberships(new ArrayList<>(byId.values()));
    }
}
