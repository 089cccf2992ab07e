package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v2/alerts answers made from each alert's kept JSON are what an answer encoded anew
 * would be: a new alert held, an alert replaced, a silence created, an alert or a silence running
 * out and a post not held yet each show in the next answer; kept JSON is let go when no answer
 * lists it.
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
    /** The groups as GroupView holds them. */
    private final List<AlertGroup> groups = new ArrayList<>();

    private final List<Silence> silences = new ArrayList<>();
    private final AtomicReference<NotifierConfig> config =
            new AtomicReference<>(NotifierConfig.parse(YAML, "notifier.yml", Map.of()));
    private final AlertListings listings =
            new AlertListings(() -> List.copyOf(groups), List::of, () -> List.copyOf(silences), config::get, clock);

    private void hold(Alert a) {
        GroupRef ref =
                GroupRef.of(config.get().root().matchOncePerReceiver(a.labels()).get(0));
        groups.add(AlertGroup.open(ref, NOW).receive(ref, a, NOW));
    }

    private Listing answer() {
        return answer(ALL, null);
    }

    /** In small pieces, as a slow client takes it. */
    private Listing answer(AlertView.Query q, RecentPosts posts) {
        return listings.answer(q, posts, null, 64).drain();
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
    void withNothingChangedTheNextAnswerIsTheSameBytesFromTheKeptJson() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        hold(TestAlerts.firing("HighCpu", "instance", "db-2"));
        String first = answer().toBuffer().toString();
        assertEquals(2, listings.sweep(System.nanoTime()), "each listed alert's JSON is kept");
        assertEquals(first, answer().toBuffer().toString());
        assertEquals(
                first,
                new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW)
                        .listing(List.copyOf(groups), null, config.get().root(), ALL)
                        .toBuffer()
                        .toString(),
                "the same bytes as an answer encoded anew");
    }

    @Test
    void keptJsonIsLetGoOnceNoAnswerListsIt() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        answer();
        assertEquals(1, listings.sweep(System.nanoTime()));
        assertEquals(0, listings.sweep(System.nanoTime() + AlertListings.IDLE.toNanos()));
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
    void anAlertReplacedInItsGroupShowsAsReplaced() {
        Alert first = TestAlerts.firing("HighCpu", "instance", "db-1");
        hold(first);
        assertEquals(List.of(first.annotations().getOrDefault("summary", "")), summaries(answer()));
        groups.clear();
        Alert annotated = new Alert(
                Labels.of("alertname", "HighCpu", "instance", "db-1"),
                Map.of("summary", "hot"),
                AlertState.FIRING,
                0,
                TestAlerts.STARTS,
                null,
                "api",
                "",
                "");
        hold(annotated);
        assertEquals(List.of("hot"), summaries(answer()));
    }

    private static List<String> summaries(Listing l) {
        return new JsonArray(l.toBuffer())
                .stream()
                        .map(o -> ((JsonObject) o).getJsonObject("annotations").getString("summary", ""))
                        .toList();
    }

    @Test
    void aPostNoGroupHoldsYetShowsAndNothingIsKeptMeanwhile() {
        hold(TestAlerts.firing("HighCpu", "instance", "db-1"));
        answer();
        RecentPosts posts = new RecentPosts();
        posts.add(List.of(new RecentPosts.Posted(TestAlerts.firing("HighCpu", "instance", "db-2"), NOW)), NOW);
        assertEquals(
                List.of("db-1:active", "db-2:active"),
                shown(answer(ALL, posts)).stream().sorted().toList());
    }

    private static Silence silence(Instant starts, Instant ends) {
        return new Silence(
                "s1", List.of(new SilenceMatcher("instance", "db-1", false, true)), starts, ends, "ann", "", starts);
    }
}
