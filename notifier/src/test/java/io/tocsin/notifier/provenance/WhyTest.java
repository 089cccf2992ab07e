package io.tocsin.notifier.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.route.GroupBy;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The why walk, as a table: labels, instant, silences and firing alerts in; verdict, receivers and routes out. */
class WhyTest {
    private static final NotifierConfig CONFIG = NotifierConfig.parse("""
            route:
              receiver: team
              group_by: [alertname]
              routes:
                - receiver: db
                  matchers: ['service="db"']
                  mute_time_intervals: [nightly]
                  continue: true
                - receiver: pager
                  matchers: ['severity="critical"']
                  group_by: [alertname, instance]
                - receiver: web
                  matchers: ['service="web"']
                  routes:
                    - receiver: web-oncall
                      matchers: ['env="prod"']
            receivers:
              - name: team
              - name: db
              - name: pager
              - name: web
              - name: web-oncall
            inhibit_rules:
              - source_matchers: ['alertname="DatacenterDown"']
                target_matchers: ['severity="warning"']
                equal: [dc]
            time_intervals:
              - name: nightly
                time_intervals:
                  - times: [{start_time: '22:00', end_time: '23:00'}]
            """, "notify.yml", Map.of());

    private static final Instant NOON = Instant.parse("2026-12-05T12:00:00Z");
    private static final Instant NIGHT = Instant.parse("2026-12-05T22:30:00Z");

    private static final Silence MAINTENANCE = new Silence(
            "s-maint",
            List.of(new SilenceMatcher("instance", "db1", false, true)),
            Instant.parse("2026-12-05T11:00:00Z"),
            Instant.parse("2026-12-05T13:00:00Z"),
            "ana",
            "maintenance",
            Instant.parse("2026-12-05T11:00:00Z"));

    private static final Alert DC_DOWN = new Alert(
            Labels.of("alertname", "DatacenterDown", "dc", "eu1"),
            null,
            AlertState.FIRING,
            1,
            Instant.parse("2026-12-05T11:50:00Z"),
            null,
            "rule:dc/DatacenterDown",
            "",
            "");

    record Case(
            String name,
            Labels labels,
            Instant at,
            List<Silence> silences,
            List<Alert> sources,
            AlertStatus alert,
            Why.Verdict verdict,
            List<String> receivers,
            List<String> walk) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "no child matches: the root takes it",
                        Labels.of("alertname", "X"),
                        NOON,
                        List.of(),
                        List.of(),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("team"),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")),
                new Case(
                        "continue: the db route lets the alert go on to the pager route; the web route is not tried",
                        Labels.of("alertname", "X", "service", "db", "severity", "critical"),
                        NOON,
                        List.of(),
                        List.of(),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("db", "pager"),
                        List.of("0 matched", "0.0 selected", "0.1 selected")),
                new Case(
                        "nested routes: the deepest matching route takes it",
                        Labels.of("alertname", "X", "service", "web", "env", "prod"),
                        NOON,
                        List.of(),
                        List.of(),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("web-oncall"),
                        List.of("0 matched", "0.0 no", "0.1 no", "0.2 matched", "0.2.0 selected")),
                new Case(
                        "a silence in force at the instant silences it",
                        Labels.of("alertname", "X", "instance", "db1"),
                        NOON,
                        List.of(MAINTENANCE),
                        List.of(),
                        null,
                        Why.Verdict.SILENCED,
                        List.of(),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")),
                new Case(
                        "the same silence after its end (kept, expired) does not",
                        Labels.of("alertname", "X", "instance", "db1"),
                        Instant.parse("2026-12-05T14:00:00Z"),
                        List.of(MAINTENANCE),
                        List.of(),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("team"),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")),
                new Case(
                        "inhibited: a firing source with the same equal labels",
                        Labels.of("alertname", "Slow", "severity", "warning", "dc", "eu1"),
                        NOON,
                        List.of(),
                        List.of(DC_DOWN),
                        null,
                        Why.Verdict.INHIBITED,
                        List.of(),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")),
                new Case(
                        "not inhibited when the equal label differs",
                        Labels.of("alertname", "Slow", "severity", "warning", "dc", "us1"),
                        NOON,
                        List.of(),
                        List.of(DC_DOWN),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("team"),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")),
                new Case(
                        "muted by a time interval: the only route that takes it is in its mute window",
                        Labels.of("alertname", "Lag", "service", "db"),
                        NIGHT,
                        List.of(),
                        List.of(),
                        null,
                        Why.Verdict.MUTED,
                        List.of(),
                        List.of("0 matched", "0.0 selected", "0.1 no", "0.2 no")),
                new Case(
                        "partly muted: the pager route still pages at night",
                        Labels.of("alertname", "Lag", "service", "db", "severity", "critical"),
                        NIGHT,
                        List.of(),
                        List.of(),
                        null,
                        Why.Verdict.NOTIFY,
                        List.of("pager"),
                        List.of("0 matched", "0.0 selected", "0.1 selected")),
                new Case(
                        "acknowledged while firing",
                        Labels.of("alertname", "X"),
                        NOON,
                        List.of(),
                        List.of(),
                        new AlertStatus(
                                "firing", NOON.minusSeconds(600), null, new Acknowledgement("bo", "on it", NOON)),
                        Why.Verdict.ACKNOWLEDGED,
                        List.of("team"),
                        List.of("0 selected", "0.0 no", "0.1 no", "0.2 no")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWalkAndTheVerdict(Case c) {
        Why.Answer a = Why.explain(new Why.Input(
                c.labels(),
                c.at(),
                CONFIG.root(),
                CONFIG.inhibitRules(),
                CONFIG.timeIntervals(),
                c.silences(),
                c.sources(),
                null,
                c.alert(),
                null));
        assertEquals(c.verdict(), a.verdict(), a.summary());
        assertEquals(c.receivers(), a.receivers(), a.summary());
        assertEquals(
                c.walk(),
                a.routes().stream()
                        .map(r -> r.step().path()
                                + (r.step().selected() ? " selected" : r.step().matched() ? " matched" : " no"))
                        .toList());
        assertEquals(io.tocsin.core.wire.Fingerprint.of(c.labels()), a.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSummaryNamesTheReason(Case c) {
        Why.Answer a = Why.explain(new Why.Input(
                c.labels(),
                c.at(),
                CONFIG.root(),
                CONFIG.inhibitRules(),
                CONFIG.timeIntervals(),
                c.silences(),
                c.sources(),
                null,
                c.alert(),
                null));
        String expected = switch (a.verdict()) {
            case SILENCED -> "s-maint (created by ana: maintenance)";
            case INHIBITED -> DC_DOWN.fingerprint();
            case MUTED -> "nightly";
            case ACKNOWLEDGED -> "bo";
            case NOTIFY -> String.join(", ", c.receivers());
            case NO_ROUTE -> "no route";
        };
        assertTrue(a.summary().contains(expected), a.summary());
    }

    @org.junit.jupiter.api.Test
    void aTreeWhoseRootDoesNotMatchRoutesNowhere() {
        Route root = new Route(
                "{}",
                List.of(Matcher.equal("team", "a")),
                "a",
                GroupBy.NONE,
                false,
                RouteTiming.DEFAULTS,
                null,
                TimeMuting.NONE,
                List.of());
        Why.Answer a = Why.explain(new Why.Input(
                Labels.of("alertname", "X"), NOON, root, List.of(), Map.of(), List.of(), List.of(), null, null, null));
        assertEquals(Why.Verdict.NO_ROUTE, a.verdict());
        assertEquals("no-route", a.verdict().wireName());
    }

    @org.junit.jupiter.api.Test
    void aPastInhibitionWhoseSourceNoLongerFiresIsTakenFromTheRecord() {
        Why.Answer a = Why.explain(new Why.Input(
                Labels.of("alertname", "Slow", "severity", "warning", "dc", "eu1"),
                NOON,
                CONFIG.root(),
                CONFIG.inhibitRules(),
                CONFIG.timeIntervals(),
                List.of(),
                List.of(),
                new Why.RecordedInhibition("abc123", "DatacenterDown", 0),
                null,
                null));
        assertEquals(Why.Verdict.INHIBITED, a.verdict());
        assertEquals("abc123", a.inhibitedBy().get(0).fingerprint());
        assertEquals(List.of("dc"), a.inhibitedBy().get(0).rule().equal());
    }

    @org.junit.jupiter.api.Test
    void theAnswersJsonWritesARouteWithoutResolveWaitAsNull() {
        // Routes leave resolve_wait unset by default (resolves go out on the group's next tick).
        Route root = new Route(
                "{}",
                List.of(),
                "a",
                GroupBy.NONE,
                false,
                new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), null),
                null,
                TimeMuting.NONE,
                List.of());
        Why.Answer a = Why.explain(new Why.Input(
                Labels.of("alertname", "X"), NOON, root, List.of(), Map.of(), List.of(), List.of(), null, null, null));
        io.vertx.core.json.JsonObject timing =
                ProvenanceJson.why(a).getJsonArray("routes").getJsonObject(0).getJsonObject("timing");
        assertEquals("30s", timing.getString("groupWait"));
        assertTrue(timing.containsKey("resolveWait") && timing.getValue("resolveWait") == null, timing.encode());
    }
}
