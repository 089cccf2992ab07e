package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A kept GET /api/v2/alerts answer is given again only while it is still true: a new alert held,
 * a silence created, an alert or a silence running out, a config reload and a post not held yet
 * each show in the next answer.
 */
class AlertListingsTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final String YAML = """
            route:
              receiver: team
              group_by: ['...']
            receivers:
              - name: team
            """;
    private static final AlertView.Query ALL = new AlertView.Query(true, true, true, List.of(), null);

    private final ManualClock clock = new ManualClock(NOW);
    /** The groups as GroupView holds them, and its version, moved on each change as GroupView moves it. */
    private final List<AlertGroup> groups = new ArrayList<>();

    private final AtomicLong version = new AtomicLong();
    private final List<Silence> silences = new ArrayList<>();
    private final AtomicReference<NotifierConfig> config =
            new AtomicReference<>(NotifierConfig.parse(YAML, "notifier.yml", Map.of()));
    private final AlertListings listings = new AlertListings(
            () -> List.copyOf(groups), version::get, List::of, () -> List.copyOf(silences), config::get, clock);

    private void hold(Alert a) {
        GroupRef ref =
                GroupRef.of(config.get().root().matchOncePerReceiver(a.labels()).get(0));
        groups.add(AlertGroup.open(ref, NOW).receive(ref, a, NOW));
        version.incrementAndGet();
    }

    private Listing answer() {
        return listings.answer(ALL, null, "", null);
    }

    private static List<String> shown(Listing l) {
        return new JsonArray(l.toBuffer())
                .stream()
                        .map(o -> (JsonObject) o)
                        .map(a -> a.getJsonObject("labels").getString("instance") + ":"
                                + a.getJsonObject("status").getString("state"))
                        .toList();
    }

    private static Alert firingUntil(String instance, Instant endsAt) {
        return new Alert(
                Labels.of("alertname", "HighCpu", "instance", instance),
                Map.of(),
                AlertState.FIRING,
                0,
                TestAlerts.STARTS,
                endsAt,
                "api",
                "",
                "");
    }

    @Test
    void withNothingChangedTheKeptAnswerIsGivenAgain() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        Listing first = answer();
        clock.advance(Duration.ofSeconds(30));
        assertSame(first, answer());
        assertNotSame(first, listings.answer(ALL, null, "filter=x", null), "another query, another answer");
    }

    @Test
    void aNewAlertHeldShowsInTheNextAnswer() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        assertEquals(List.of("db-1:active"), shown(answer()));
        hold(TestAlerts.firing("HighCpu", "instance", "db-2"));
        assertEquals(
                List.of("db-1:active", "db-2:active"),
                shown(answer()).stream().sorted().toList());
    }

    @Test
    void aSilenceCreatedShowsInTheNextAnswer() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        assertEquals(List.of("db-1:active"), shown(answer()));
        silences.add(silence(NOW.minusSeconds(1), NOW.plusSeconds(3600)));
        assertEquals(List.of("db-1:suppressed"), shown(answer()));
    }

    @Test
    void aSilenceStartsAndEndsOnTimeWithNothingElseChanging() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        silences.add(silence(NOW.plusSeconds(10), NOW.plusSeconds(20)));
        assertEquals(List.of("db-1:active"), shown(answer()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("db-1:suppressed"), shown(answer()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("db-1:active"), shown(answer()));
    }

    @Test
    void anAlertWhoseEndsAtPassesLeavesTheAnswerWithoutAnyChangeToItsGroup() {
        hold(firingUntil("db-1", NOW.plusSeconds(60)));
        hold(firingUntil("db-2", NOW.plusSeconds(3600)));
        assertEquals(
                List.of("db-1:active", "db-2:active"),
                shown(answer()).stream().sorted().toList());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of("db-2:active"), shown(answer()));
    }

    @Test
    void aReloadedConfigIsAnotherAnswer() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        Listing before = answer();
        config.set(NotifierConfig.parse(YAML, "notifier.yml", Map.of()));
        assertNotSame(before, answer());
    }

    @Test
    void aPostNoGroupHoldsYetShowsAndNothingIsKeptMeanwhile() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        answer();
        RecentPosts posts = new RecentPosts();
        posts.add(List.of(new RecentPosts.Posted(TestAlerts.firing("HighCpu", "instance", "db-2"), NOW)), NOW);
        assertEquals(
                List.of("db-1:active", "db-2:active"),
                shown(listings.answer(ALL, posts, "", null)).stream().sorted().toList());
    }

    private static Silence silence(Instant starts, Instant ends) {
        return new Silence(
                "s1", List.of(new SilenceMatcher("instance", "db-1", false, true)), starts, ends, "ann", "", starts);
    }
}
