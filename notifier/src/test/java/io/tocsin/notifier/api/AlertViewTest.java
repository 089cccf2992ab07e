package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupRef;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceMatcher;
import io.tocsin.notifier.timeinterval.TimeInterval;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /api/v2/alerts's query parameters as amtool sends them, against two groups and a silence. */
class AlertViewTest {
    private static final Instant NOW = TestAlerts.STARTS.plusSeconds(60);
    private static final RouteTiming TIMING =
            new RouteTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO);
    private static final Alert DB1 = TestAlerts.firing("HighCpu", "instance", "db-1");
    private static final Alert DB2 = TestAlerts.firing("HighCpu", "instance", "db-2");
    private static final Alert WEB = TestAlerts.firing("Slow", "instance", "web-1");
    /** db-2 is silenced. */
    private static final Silence QUIET = new Silence(
            "s1",
            List.of(new SilenceMatcher("instance", "db-2", false, true)),
            NOW.minusSeconds(30),
            NOW.plusSeconds(3600),
            "ann",
            "",
            NOW.minusSeconds(30));

    private static AlertGroup group(String receiver, Alert... alerts) {
        TreeMap<String, Alert> held = new TreeMap<>();
        for (Alert a : alerts) {
            held.put(a.fingerprint(), a);
        }
        return new AlertGroup(
                new GroupRef(receiver, "{}:" + receiver, Labels.EMPTY, TIMING),
                NOW,
                held,
                null,
                null,
                null,
                0,
                null,
                null,
                false,
                null);
    }

    // db-1 and db-2 go to team and pager (routes with continue); web-1 to team only.
    private static final List<AlertGroup> GROUPS = List.of(group("team", DB1, DB2, WEB), group("pager", DB1, DB2));

    @ParameterizedTest(name = "active={0} silenced={1} filter={2} receiver={3} -> {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "true  | true  |                       |       | db-1 db-2 web-1",
                "true  | false |                       |       | db-1 web-1",
                "false | true  |                       |       | db-2",
                "true  | true  | alertname=\"HighCpu\" |       | db-1 db-2",
                "true  | true  | instance=~\"web-.*\"  |       | web-1",
                "true  | true  |                       | pag.* | db-1 db-2",
                "true  | true  |                       | pag   | ''",
                "true  | false | alertname=\"HighCpu\" | pager | db-1",
            })
    void alertsAreSelectedAsAlertmanagerSelectsThem(
            boolean active, boolean silenced, String filter, String receiver, String expected) {
        AlertView.Query q = new AlertView.Query(
                active,
                silenced,
                true,
                filter == null ? List.of() : SelectorParser.alertmanager(filter),
                receiver == null ? null : com.google.re2j.Pattern.compile("^(?:" + receiver + ")$"));
        JsonArray out = new AlertView(List.of(QUIET), List.of(), List.of(), Map.of(), NOW).alerts(GROUPS, q);
        assertEquals(
                expected,
                out.stream()
                        .map(o -> ((JsonObject) o).getJsonObject("labels").getString("instance"))
                        .sorted()
                        .reduce((a, b) -> a + " " + b)
                        .orElse(""));
    }

    @ParameterizedTest(name = "receiver filter {0} still lists every receiver of the alert")
    @CsvSource({"pager", "team"})
    void aReceiverFilterKeepsTheAlertsOtherReceiversInItsListing(String receiver) {
        AlertView.Query q = new AlertView.Query(
                true,
                true,
                true,
                SelectorParser.alertmanager("instance=\"db-1\""),
                com.google.re2j.Pattern.compile("^(?:" + receiver + ")$"));
        JsonArray out = new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW).alerts(GROUPS, q);
        assertEquals(
                new JsonArray().add(new JsonObject().put("name", "pager")).add(new JsonObject().put("name", "team")),
                out.getJsonObject(0).getJsonArray("receivers"));
    }

    @ParameterizedTest(name = "route mutes {0}, active {1} -> mutedBy {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "always |        | always",
                "never  |        | ''",
                "       | never  | outside:never",
                "       | always | ''",
            })
    void anAlertOfATimeMutedRouteSaysWhichIntervalMutesIt(String mute, String active, String expected) {
        // "always" holds every instant; "never" only in a year long past.
        Map<String, List<TimeInterval>> intervals = Map.of(
                "always",
                List.of(new TimeInterval(List.of(), List.of(), List.of(), List.of(), List.of(), ZoneOffset.UTC)),
                "never",
                List.of(new TimeInterval(
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new TimeInterval.Range(1999, 1999)),
                        ZoneOffset.UTC)));
        GroupRef ref = new GroupRef(
                "team",
                "{}:team",
                Labels.EMPTY,
                TIMING,
                null,
                new TimeMuting(mute == null ? List.of() : List.of(mute), active == null ? List.of() : List.of(active)));
        TreeMap<String, Alert> held = new TreeMap<>();
        held.put(WEB.fingerprint(), WEB);
        AlertGroup g = new AlertGroup(ref, NOW, held, null, null, null, 0, null, null, false, null);
        AlertView view = new AlertView(List.of(), List.of(), List.of(), intervals, NOW);
        AlertView.Query all = new AlertView.Query(true, true, true, List.of(), null);

        JsonArray listed = view.alerts(List.of(g), all);
        JsonArray grouped = view.groups(List.of(g), all);

        String want = expected.isEmpty() ? "[]" : "[\"" + expected + "\"]";
        assertEquals(
                want,
                listed.getJsonObject(0)
                        .getJsonObject("status")
                        .getJsonArray("mutedBy")
                        .encode());
        assertEquals(
                want,
                grouped.getJsonObject(0)
                        .getJsonArray("alerts")
                        .getJsonObject(0)
                        .getJsonObject("status")
                        .getJsonArray("mutedBy")
                        .encode());
    }

    @org.junit.jupiter.api.Test
    void alertsAreListedOnceInFingerprintOrderAsAlertmanagerSortsThem() {
        List<Alert> many = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(TestAlerts.firing("Many", "instance", "i-" + i));
        }
        List<AlertGroup> groups = List.of(
                group("team", many.subList(0, 120).toArray(Alert[]::new)),
                group("pager", many.subList(80, 200).toArray(Alert[]::new)));
        AlertView.Query all = new AlertView.Query(true, true, true, List.of(), null);

        List<String> listed = new AlertView(List.of(), List.of(), List.of(), Map.of(), NOW)
                .alerts(groups, all).stream()
                        .map(o -> ((JsonObject) o).getString("fingerprint"))
                        .toList();

        assertEquals(many.stream().map(Alert::fingerprint).sorted().toList(), listed);
    }
}
