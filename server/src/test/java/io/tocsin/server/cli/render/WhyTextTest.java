package io.tocsin.server.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The "why" answer of /work/contract-why.md, rendered for a person. */
public class WhyTextTest {
    /** A silenced alert: the root tried, a database route not matching, the pager route matching with continue. */
    public static final String SILENCED = """
            {"at": "2026-12-05T03:00:00Z",
             "labels": {"alertname": "PostgresDown", "instance": "db1:5432", "severity": "critical"},
             "fingerprint": "0123456789abcdef",
             "alert": {"status": "firing", "startsAt": "2026-12-05T02:55:00Z", "endsAt": null, "ack": null},
             "routes": [
               {"path": "0", "receiver": "default", "matchers": [], "matched": true, "continue": false,
                "groupBy": ["alertname"], "groupKey": "{}:{alertname=\\"PostgresDown\\"}",
                "timing": {"groupWait": "30s", "groupInterval": "5m", "repeatInterval": "4h"},
                "mutedBy": [], "activeTimeIntervals": [], "muteTimeIntervals": []},
               {"path": "0.0", "receiver": "db-team", "matchers": ["team=\\"db\\""], "matched": false, "continue": false},
               {"path": "0.1", "receiver": "pager", "matchers": ["severity=\\"critical\\""], "matched": true, "continue": true,
                "groupBy": ["alertname"], "groupKey": "{}/{severity=\\"critical\\"}:{alertname=\\"PostgresDown\\"}",
                "timing": {"groupWait": "30s", "groupInterval": "5m", "repeatInterval": "4h"},
                "mutedBy": ["weekends"], "activeTimeIntervals": [], "muteTimeIntervals": ["weekends"]}
             ],
             "silencedBy": [{"id": "1a2b3c4d-0000", "matchers": ["instance=\\"db1:5432\\""], "createdBy": "ana",
                             "comment": "maintenance", "startsAt": "2026-12-05T02:00:00Z", "endsAt": "2026-12-05T04:00:00Z"}],
             "inhibitedBy": [],
             "escalation": null,
             "verdict": "silenced",
             "receivers": [],
             "summary": "Not paged: silenced by 1a2b3c4d (created by ana: maintenance) until 04:00Z"}
            """;

    static final String INHIBITED = """
            {"at": "2026-12-05T03:00:00Z", "labels": {"alertname": "DiskSlow", "instance": "db1"},
             "fingerprint": "aaaabbbbccccdddd", "alert": null,
             "routes": [{"path": "0", "receiver": "default", "matchers": [], "matched": true, "continue": false}],
             "silencedBy": [],
             "inhibitedBy": [{"fingerprint": "0123456789abcdef", "labels": {"alertname": "PostgresDown"},
                              "rule": {"index": 2, "sourceMatchers": ["alertname=\\"PostgresDown\\""],
                                       "targetMatchers": ["severity=\\"warning\\""], "equal": ["instance"]}}],
             "escalation": null, "verdict": "inhibited", "receivers": [],
             "summary": "Not notified: inhibited by PostgresDown on db1"}
            """;

    static final String NOTIFIED = """
            {"at": "2026-12-05T03:00:00Z", "labels": {"alertname": "X"}, "fingerprint": "f",
             "alert": {"status": "firing", "startsAt": "2026-12-05T02:00:00Z",
                       "ack": {"by": "bob", "comment": "on it", "at": "2026-12-05T02:10:00Z"}},
             "routes": [], "silencedBy": [], "inhibitedBy": [],
             "escalation": {"policy": "db-oncall", "step": 1, "nextAt": "2026-12-05T03:15:00Z"},
             "verdict": "no-route", "receivers": ["pager", "slack"], "summary": "s"}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "verdict first, with the summary",
                        SILENCED,
                        "SILENCED: Not paged: silenced by 1a2b3c4d (created by ana: maintenance) until 04:00Z\n"),
                Arguments.of("the root route at the first level", SILENCED, "\n  + 0  default  (matches everything)\n"),
                Arguments.of(
                        "a child route not matching, one level deeper",
                        SILENCED,
                        "\n    - 0.0  db-team  team=\"db\"\n"),
                Arguments.of(
                        "a matching child route with continue",
                        SILENCED,
                        "\n    + 0.1  pager  severity=\"critical\"  continue\n"),
                Arguments.of(
                        "its group key",
                        SILENCED,
                        "group by [alertname]  key {}/{severity=\"critical\"}:{alertname=\"PostgresDown\"}\n"),
                Arguments.of("its timers", SILENCED, "wait 30s, interval 5m, repeat 4h\n"),
                Arguments.of("the time interval muting it", SILENCED, "        muted by weekends\n"),
                Arguments.of(
                        "the silence by id, author, comment and end",
                        SILENCED,
                        "silenced by:\n  1a2b3c4d-0000  instance=\"db1:5432\"\n"
                                + "    by ana: \"maintenance\"  from 2026-12-05T02:00:00Z until 2026-12-05T04:00:00Z\n"),
                Arguments.of("nobody notified", SILENCED, "  notifies nobody\n"),
                Arguments.of("the alert's state", SILENCED, "  state    firing since 2026-12-05T02:55:00Z\n"),
                Arguments.of(
                        "the inhibiting alert and the rule",
                        INHIBITED,
                        "inhibited by:\n  alert 0123456789abcdef  {alertname=\"PostgresDown\"}\n"
                                + "    inhibit rule #2: source [alertname=\"PostgresDown\"] "
                                + "target [severity=\"warning\"] equal [instance]\n"),
                Arguments.of(
                        "labels the notifier never saw",
                        INHIBITED,
                        "  state    not known to the notifier (labels only)\n"),
                Arguments.of("a verdict with a dash", NOTIFIED, "NO ROUTE: s\n"),
                Arguments.of("no route tried", NOTIFIED, "  (no route tried)\n"),
                Arguments.of("receivers", NOTIFIED, "  notifies pager, slack\n"),
                Arguments.of(
                        "the acknowledgement",
                        NOTIFIED,
                        "firing since 2026-12-05T02:00:00Z; acknowledged by bob at 2026-12-05T02:10:00Z: \"on it\"\n"),
                Arguments.of(
                        "the escalation",
                        NOTIFIED,
                        "  escalation policy db-oncall, step 1, next at 2026-12-05T03:15:00Z\n"));
    }

    @ParameterizedTest(name = "why shows {0}")
    @MethodSource("cases")
    void renders(String what, String json, String expected) {
        String text = WhyText.render(new JsonObject(json));
        assertTrue(text.contains(expected), "expected\n" + expected + "in\n" + text);
    }

    @Test
    void a_route_that_did_not_match_shows_no_group_or_timers() {
        String text = WhyText.render(new JsonObject(SILENCED));
        String db = text.substring(text.indexOf("- 0.0"), text.indexOf("+ 0.1"));
        assertEquals(1, db.lines().filter(l -> !l.isBlank()).count(), db);
    }

    @Test
    void nothing_held_back_prints_no_silence_or_inhibition_section() {
        String text = WhyText.render(new JsonObject(NOTIFIED));
        assertTrue(!text.contains("silenced by:") && !text.contains("inhibited by:"), text);
    }
}
