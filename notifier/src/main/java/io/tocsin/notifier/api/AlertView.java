package io.tocsin.notifier.api;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.provenance.Mutes;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.timeinterval.TimeInterval;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Alertmanager v2's GettableAlert and AlertGroup shapes, built from the notifier's groups with
 * each alert's silences and inhibition worked out as dispatch would.
 */
final class AlertView {
    /** {@code ?active=&silenced=&inhibited=&filter=&receiver=} of GET /api/v2/alerts. */
    record Query(
            boolean active,
            boolean silenced,
            boolean inhibited,
            List<Matcher> filter,
            com.google.re2j.Pattern receiver) {
        boolean wants(Alert a, List<String> silencedBy, boolean isInhibited) {
            return matches(a) && shows(silencedBy, isInhibited);
        }

        /** The filter: on labels only. */
        boolean matches(Alert a) {
            for (Matcher m : filter) {
                if (!m.matches(a.labels())) {
                    return false;
                }
            }
            return true;
        }

        /** active, silenced and inhibited, as Alertmanager applies them. */
        boolean shows(List<String> silencedBy, boolean isInhibited) {
            boolean suppressed = !silencedBy.isEmpty() || isInhibited;
            return (suppressed || active) && (silencedBy.isEmpty() || silenced) && (!isInhibited || inhibited);
        }
    }

    private final List<Silence> silences;

    private final List<InhibitRule> rules;
    private final List<Alert> sources;
    private final Map<String, List<TimeInterval>> intervals;
    private final Instant now;

    AlertView(
            List<Silence> silences,
            List<InhibitRule> rules,
            List<Alert> sources,
            Map<String, List<TimeInterval>> intervals,
            Instant now) {
        this.silences = silences.stream()
                .filter(s -> s.state(now) == Silence.State.ACTIVE)
                .toList();
        this.rules = rules;
        this.sources = sources;
        this.intervals = intervals;
        this.now = now;
    }

    /**
     * Every firing alert once, with the receivers of all its groups. As in Alertmanager, the
     * receiver filter keeps an alert when any of its receivers matches, and lists them all.
     */
    JsonArray alerts(Iterable<AlertGroup> groups, Query q) {
        return new JsonArray(alertsJson(groups, null, null, q));
    }

    /** {@link #listing} in one buffer. */
    Buffer alertsJson(Iterable<AlertGroup> held, RecentPosts recent, Route root, Query q) {
        return listing(held, recent, root, q).toBuffer();
    }

    /** {@link #stream} written whole, each alert encoded anew. */
    Listing listing(Iterable<AlertGroup> held, RecentPosts recent, Route root, Query q) {
        return stream(held, recent, root, q, JsonChunks.CHUNK).drain();
    }

    /** {@link #stream} from these groups, each alert encoded anew. */
    ListingStream stream(Iterable<AlertGroup> held, RecentPosts recent, Route root, Query q, int chunk) {
        return stream(HeldIndex.of(held), recent, root, q, chunk);
    }

    /** ... from an index no sweep of {@code recent} races with (tests, benchmarks). */
    ListingStream stream(HeldIndex held, RecentPosts recent, Route root, Query q, int chunk) {
        return stream(held, recent, recent == null ? List.of() : recent.all(), root, q, chunk);
    }

    /**
     * {@link #alerts} as JSON bytes, written as they are taken ({@link ListingStream}): with
     * 100,000 alerts, building a JSON object tree first costs as much again as writing it, and
     * every copy of the answer (stream to array to buffer) is tens of megabytes.
     *
     * @param held the held alerts, brought up to date by the caller; read, not changed
     * @param recent alerts posted here lately, shown as the dispatch will hold them until a group
     *     holds them (then forgotten); null: none
     * @param taken {@code recent}'s posts, taken before {@code held} was brought up to date
     *     ({@link RecentPosts#all()} says why)
     * @param root the routes that place those posts
     * @param chunk about how much each piece of the answer holds
     */
    ListingStream stream(
            HeldIndex held, RecentPosts recent, List<RecentPosts.Posted> taken, Route root, Query q, int chunk) {
        HeldIndex.Row[] rows = held.rows();
        HeldIndex.Row[] posted = HeldIndex.NO_ROWS;
        if (recent != null && !taken.isEmpty()) {
            Set<String> heldRecent = new HashSet<>();
            for (RecentPosts.Posted p : taken) {
                if (held.holds(p.fingerprint())) {
                    heldRecent.add(p.fingerprint());
                }
            }
            List<HeldIndex.Member> members = new ArrayList<>();
            for (RecentPosts.Posted p : RecentPosts.notHeld(taken, heldRecent, now)) {
                for (GroupRef ref : p.refs(root)) {
                    members.add(new HeldIndex.Member(p.fingerprint(), ref, p.alert()));
                }
            }
            posted = HeldIndex.rowsOf(members);
            recent.forget(heldRecent);
        }
        return new ListingStream(rows, posted, this, q, now, chunk);
    }

    /** Whether routes have time intervals: only then can a group's route be muted by time. */
    boolean timeMuted() {
        return !intervals.isEmpty();
    }

    /** The time intervals muting a group's route now, sorted, each once. */
    List<String> groupMutedBy(GroupRef ref) {
        return sortedDistinct(mutedBy(ref));
    }

    private static List<String> sortedDistinct(List<String> names) {
        return names.size() <= 1 ? names : List.copyOf(new TreeSet<>(names));
    }

    List<String> silencedBy(Alert a) {
        if (silences.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Silence s : silences) {
            if (s.mutes(a.labels(), now)) {
                out.add(s.id());
            }
        }
        return out;
    }

    /** The fingerprints of the alerts inhibiting {@code a}: empty, or the one Alertmanager would show. */
    List<String> inhibitedBy(Alert a) {
        String by = rules.isEmpty() ? null : Inhibition.inhibitor(rules, a, sources, now);
        return by == null ? List.of() : List.of(by);
    }

    JsonArray groups(Iterable<AlertGroup> groups, Query q) {
        JsonArray out = new JsonArray();
        for (AlertGroup g : groups) {
            if (q.receiver() != null && !q.receiver().matches(g.ref().receiver())) {
                continue;
            }
            JsonArray alerts = new JsonArray();
            List<String> groupMutedBy = mutedBy(g);
            for (Alert a : g.alerts().values()) {
                if (AlertGroup.firing(a, now)) {
                    JsonObject json = alert(a, new TreeSet<>(List.of(g.ref().receiver())), groupMutedBy, q);
                    if (json != null) {
                        alerts.add(json);
                    }
                }
            }
            if (!alerts.isEmpty()) {
                out.add(new JsonObject()
                        .put("labels", labels(g.ref().groupLabels()))
                        .put("receiver", new JsonObject().put("name", g.ref().receiver()))
                        .put("alerts", alerts));
            }
        }
        return out;
    }

    /**
     * The time intervals that keep a group's route quiet now (its mute_time_intervals in force,
     * or its active_time_intervals none of which is), as dispatch decides them.
     */
    private List<String> mutedBy(AlertGroup g) {
        return mutedBy(g.ref());
    }

    private List<String> mutedBy(GroupRef ref) {
        return intervals.isEmpty()
                ? List.of()
                : Mutes.timeMutedBy(intervals, ref.muting().mute(), ref.muting().active(), now);
    }

    private JsonObject alert(Alert a, TreeSet<String> receivers, List<String> mutedBy, Query q) {
        List<String> silencedBy = silencedBy(a);
        List<String> inhibitedBy = inhibitedBy(a);
        boolean isInhibited = !inhibitedBy.isEmpty();
        if (!q.wants(a, silencedBy, isInhibited)) {
            return null;
        }
        JsonArray rs = new JsonArray();
        receivers.forEach(r -> rs.add(new JsonObject().put("name", r)));
        boolean suppressed = !silencedBy.isEmpty() || isInhibited;
        return new JsonObject()
                .put("labels", labels(a.labels()))
                .put("annotations", new JsonObject(new LinkedHashMap<>(a.annotations())))
                .put("startsAt", String.valueOf(a.startsAt()))
                .put(
                        "endsAt",
                        a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString())
                .put("updatedAt", now.toString())
                .put("generatorURL", a.generatorURL())
                .put("fingerprint", a.fingerprint())
                .put("receivers", rs)
                .put(
                        "status",
                        new JsonObject()
                                .put("state", suppressed ? "suppressed" : "active")
                                .put("silencedBy", new JsonArray(silencedBy))
                                .put("inhibitedBy", new JsonArray(inhibitedBy))
                                .put("mutedBy", new JsonArray(mutedBy)));
    }

    private static JsonObject labels(Labels labels) {
        return new JsonObject(new LinkedHashMap<>(labels.map()));
    }
}
