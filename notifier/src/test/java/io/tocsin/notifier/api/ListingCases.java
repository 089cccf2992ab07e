package io.tocsin.notifier.api;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET /api/v2/alerts answers whose bytes are fixed ({@code listing-golden/*.json}, written by the
 * code before session 13's one-object rows): alerts one group holds and alerts several groups
 * hold (with one receiver or two), a silenced alert, an ended and a resolved one, escapes, and the
 * query's filters. One annotation an alert: an alert's annotations are a {@code Map.copyOf},
 * whose order changes from JVM to JVM.
 */
final class ListingCases {
    private ListingCases() {}

    static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);

    /** db-7 and db-12 are silenced (db-12 twice). */
    static AlertView view() {
        Silence one = silence("s1", "instance", "db-7", false);
        Silence two = silence("s2", "instance", "db-1.*", true);
        Silence three = silence("s0", "instance", "db-12", false);
        return new AlertView(List.of(one, two, three), List.of(), List.of(), Map.of(), NOW);
    }

    private static Silence silence(String id, String name, String value, boolean regex) {
        return new Silence(
                id,
                List.of(new SilenceMatcher(name, value, regex, true)),
                NOW.minusSeconds(30),
                NOW.plusSeconds(3600),
                "ann",
                "",
                NOW.minusSeconds(30));
    }

    /**
     * 60 alerts: db-0…db-49 each in a group of its own (team), db-0…db-9 also in oncall's group,
     * db-0…db-4 also in a second team group; db-50…db-59 in one dba group; db-3 with escapes,
     * db-20 ended before now, db-21 resolved.
     */
    static List<AlertGroup> groups() {
        Map<String, TreeMap<String, Alert>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            Alert a = TestAlerts.firing("HighCpu", "instance", "db-" + i, "zone", i % 2 == 0 ? "a" : "b");
            if (i == 3) {
                a = TestAlerts.withAnnotations(a, Map.of("summary", "quote \" and ünïcode\n\t\\ </x>"));
            }
            if (i == 20) {
                a = new Alert(
                        a.labels(),
                        a.annotations(),
                        a.state(),
                        a.value(),
                        a.startsAt(),
                        NOW.minusSeconds(1),
                        a.source(),
                        a.ruleVersion(),
                        "http://gen/x?a=1");
            }
            if (i == 21) {
                a = TestAlerts.resolved("HighCpu", "instance", "db-21", "zone", "b");
            }
            if (i == 22) {
                a = new Alert(
                        a.labels(),
                        a.annotations(),
                        a.state(),
                        a.value(),
                        a.startsAt(),
                        NOW.plusSeconds(300),
                        a.source(),
                        a.ruleVersion(),
                        "http://gen/y");
            }
            String own = i < 50 ? "team|{}:db-" + i : "dba|{}:dba";
            byGroup.computeIfAbsent(own, k -> new TreeMap<>()).put(a.fingerprint(), a);
            if (i < 10) {
                byGroup.computeIfAbsent("oncall|{}:oncall", k -> new TreeMap<>())
                        .put(a.fingerprint(), a);
            }
            if (i < 5) {
                byGroup.computeIfAbsent("team|{}:second", k -> new TreeMap<>()).put(a.fingerprint(), a);
            }
        }
        return byGroup.entrySet().stream()
                .map(e -> group(e.getKey().split("\\|")[0], e.getKey().split("\\|")[1], e.getValue()))
                .toList();
    }

    private static AlertGroup group(String receiver, String key, TreeMap<String, Alert> alerts) {
        return new AlertGroup(
                new GroupRef(receiver, key, Labels.EMPTY, TIMING),
                NOW,
                alerts,
                null,
                null,
                null,
                0,
                null,
                null,
                false,
                null);
    }

    /** The queries, by name: the golden file of each is {@code listing-golden/<name>.json}. */
    static Map<String, AlertView.Query> queries() {
        Map<String, AlertView.Query> q = new LinkedHashMap<>();
        q.put("all", new AlertView.Query(true, true, true, List.of(), null));
        q.put("active-only", new AlertView.Query(true, false, false, List.of(), null));
        q.put("silenced-only", new AlertView.Query(false, true, true, List.of(), null));
        q.put("filter-zone-a", new AlertView.Query(true, true, true, List.of(Matcher.equal("zone", "a")), null));
        q.put(
                "filter-regex",
                new AlertView.Query(true, true, true, List.of(Matcher.regex("instance", "db-[0-4]")), null));
        q.put(
                "receiver-oncall",
                new AlertView.Query(true, true, true, List.of(), com.google.re2j.Pattern.compile("oncall")));
        q.put(
                "receiver-team",
                new AlertView.Query(true, true, false, List.of(), com.google.re2j.Pattern.compile("te.*")));
        return q;
    }

    /** The answer to a query, in pieces of {@code chunk} bytes, from the index given. */
    static String answer(HeldIndex index, AlertView.Query q, int chunk) {
        return view().stream(index, null, null, q, chunk).drain().toBuffer().toString();
    }
}
