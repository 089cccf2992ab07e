package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.route.Route;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A posted alert is readable at once: until a group holds it, reads show it routed as the dispatch will route it. */
class RecentPostsTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(1);
    private static final Route ROOT =
            NotifierConfig.parse("""
                    route:
                      receiver: team
                      group_by: [alertname]
                      routes:
                        - matchers: ['instance="db-1"']
                          receiver: dba
                          continue: true
                        - matchers: ['alertname="HighCpu"']
                          receiver: team
                    receivers:
                      - name: team
                      - name: dba
                    """, "notifier.yml", Map.of()).root();

    private static List<String> receivers(List<AlertGroup> groups) {
        return groups.stream()
                .map(g -> g.ref().receiver() + ":" + String.join(",", g.alerts().keySet()))
                .sorted()
                .toList();
    }

    @Test
    void aPostedAlertNoGroupHoldsYetIsShownInEveryGroupItWillJoin() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        List<AlertGroup> pending = RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(db, NOW)), ROOT, NOW);
        assertEquals(List.of("dba:" + db.fingerprint(), "team:" + db.fingerprint()), receivers(pending));
    }

    @Test
    void onceAGroupHoldsItThePostIsNotShownTwice() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        List<AlertGroup> held = RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(db, NOW)), ROOT, NOW);
        assertEquals(List.of(), RecentPosts.pending(held, List.of(new RecentPosts.Posted(db, NOW)), ROOT, NOW));
    }

    @Test
    void aPostNoGroupHoldsIsShownHowLongTheDispatchTakesButNotOnceResolved() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        Alert resolved = TestAlerts.resolved("HighCpu", "instance", "db-2");
        Instant minuteLater = NOW.plusSeconds(60);
        assertEquals(
                List.of("dba:" + db.fingerprint(), "team:" + db.fingerprint()),
                receivers(RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(db, NOW)), ROOT, minuteLater)));
        assertEquals(
                List.of(), RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(resolved, NOW)), ROOT, NOW));
    }

    @Test
    void aSweepLetsGoOfHeldAndEndedPostsAndKeepsTheOthersWithTheirBytes() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        Alert web = TestAlerts.firing("HighCpu", "instance", "web-1");
        Alert gone = TestAlerts.resolved("HighCpu", "instance", "web-2");
        RecentPosts recent = new RecentPosts();
        recent.add(
                List.of(
                        new RecentPosts.Posted(db, NOW),
                        new RecentPosts.Posted(web, NOW),
                        new RecentPosts.Posted(gone, NOW)),
                NOW);
        Map<String, AlertGroup> groups = new java.util.HashMap<>();
        RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(db, NOW)), ROOT, NOW)
                .forEach(g -> groups.put(g.ref().id(), g));

        assertEquals(2, recent.sweep(groups::get, ROOT, NOW.plusSeconds(60), false, true));

        assertEquals(
                List.of(false, true, false),
                List.of(
                        recent.posted(db.fingerprint()),
                        recent.posted(web.fingerprint()),
                        recent.posted(gone.fingerprint())));
        assertEquals(1, recent.size());
        assertEquals(RecentPosts.bytesOf(web), recent.bytes());
    }

    @Test
    void withOtherInstancesAPostIsLeftToThemOnceThisDispatchHasCaughtUpForAWhile() {
        Alert web = TestAlerts.firing("HighCpu", "instance", "web-1");
        RecentPosts recent = new RecentPosts();
        recent.add(List.of(new RecentPosts.Posted(web, NOW)), NOW);
        assertEquals(0, recent.sweep(id -> null, ROOT, NOW.plus(PostFate.PEER_GRACE), true, false));
        assertEquals(0, recent.sweep(id -> null, ROOT, NOW.plus(PostFate.PEER_GRACE), false, true));
        assertEquals(1, recent.sweep(id -> null, ROOT, NOW.plus(PostFate.PEER_GRACE), true, true));
        assertEquals(0, recent.bytes());
    }

    @Test
    void aNewerPostOfTheSameAlertReplacesTheOlderAndItsBytes() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        Alert longer = TestAlerts.withAnnotations(db, Map.of("summary", "x".repeat(1000)));
        RecentPosts recent = new RecentPosts();
        recent.add(List.of(new RecentPosts.Posted(db, NOW)), NOW);
        recent.add(List.of(new RecentPosts.Posted(longer, NOW.plusSeconds(1))), NOW.plusSeconds(1));
        assertEquals(1, recent.size());
        assertEquals(RecentPosts.bytesOf(longer), recent.bytes());
    }

    private static final AlertView.Query ALL = new AlertView.Query(true, true, true, List.of(), null);

    private static List<String> listed(io.vertx.core.buffer.Buffer json) {
        return new io.vertx.core.json.JsonArray(json)
                .stream()
                        .map(o -> (io.vertx.core.json.JsonObject) o)
                        .map(a -> a.getJsonObject("labels").getString("instance") + ":"
                                + a.getJsonArray("receivers").stream()
                                        .map(r -> ((io.vertx.core.json.JsonObject) r).getString("name"))
                                        .toList())
                        .toList();
    }

    @Test
    void aReadListsAPostNoGroupHoldsYetOnceWithEveryReceiverItWillHave() {
        RecentPosts recent = new RecentPosts();
        recent.add(List.of(new RecentPosts.Posted(TestAlerts.firing("HighCpu", "instance", "db-1"), NOW)), NOW);
        AlertView view = new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW);
        assertEquals(List.of("db-1:[dba, team]"), listed(view.alertsJson(List.of(), recent, ROOT, ALL)));
    }

    @Test
    void aReadThatFindsThePostInAGroupListsTheGroupsCopyAndForgetsThePost() {
        Alert db = TestAlerts.firing("HighCpu", "instance", "db-1");
        Alert web = TestAlerts.firing("HighCpu", "instance", "web-1");
        RecentPosts recent = new RecentPosts();
        recent.add(List.of(new RecentPosts.Posted(db, NOW), new RecentPosts.Posted(web, NOW)), NOW);
        List<AlertGroup> held = RecentPosts.pending(List.of(), List.of(new RecentPosts.Posted(db, NOW)), ROOT, NOW);
        AlertView view = new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW);
        assertEquals(
                List.of("db-1:[dba, team]", "web-1:[team]"), sortedListed(view.alertsJson(held, recent, ROOT, ALL)));
        assertEquals(List.of(false, true), List.of(recent.posted(db.fingerprint()), recent.posted(web.fingerprint())));
    }

    private static List<String> sortedListed(io.vertx.core.buffer.Buffer json) {
        return listed(json).stream().sorted().toList();
    }
}
