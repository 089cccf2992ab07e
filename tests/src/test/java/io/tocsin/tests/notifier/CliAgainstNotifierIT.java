package io.tocsin.tests.notifier;

import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.TocsinCommand;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tocsin alerts} and {@code tocsin silences} against a real notifier on a real broker: the
 * alerts as the notifier groups them, a silence added from the command line showing on the alert
 * it silences, and expiring it making the alert active again.
 */
@ExtendWith(KafkaBroker.class)
class CliAgainstNotifierIT {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 1s
              routes:
                - matchers: [severity="critical"]
                  receiver: pager
            receivers:
              - name: team
              - name: pager
            """;

    private static Vertx vertx;
    private static NotifierOnBroker notifier;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-cli-" + UUID.randomUUID()));
        vertx = Vertx.vertx();
        notifier = NotifierOnBroker.start(
                vertx, KafkaBroker.bootstrap(), CONFIG, Map.of(), dir.resolve("state"), "it-cli-" + UUID.randomUUID());
        String now = Instant.now().minusSeconds(120).toString();
        assertEquals(
                200,
                post(notifier.url + "/api/v2/alerts", """
                        [{"labels": {"alertname": "PostgresDown", "instance": "db1", "severity": "critical"}, "startsAt": "%s"},
                         {"labels": {"alertname": "DiskFull", "instance": "web1", "severity": "warning"}, "startsAt": "%s"}]
                        """.formatted(now, now)).statusCode());
        Eventually.await(
                Duration.ofSeconds(30),
                "both alerts grouped",
                () -> tocsin("alerts").out().contains("2 alerts in 2 groups") ? true : null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    static Run tocsin(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--notifier";
        all[args.length + 1] = notifier.url;
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = TocsinCommand.execute(new CliContext(o, e, Map.of()), all);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void alerts_are_listed_per_receiver_and_group_with_their_state() {
        Run r = tocsin("alerts");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("pager  {alertname=\"PostgresDown\"}  (1 alert)"), r.out());
        assertTrue(r.out().contains("team  {alertname=\"DiskFull\"}  (1 alert)"), r.out());
        assertTrue(
                r.out().matches("(?s).*DiskFull +\\{instance=\"web1\", severity=\"warning\"} +\\d+m ago +active\n.*"),
                r.out());
    }

    @Test
    void a_filter_keeps_the_matching_alerts_only() {
        Run r = tocsin("alerts", "--filter", "severity=critical");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("PostgresDown"), r.out());
        assertFalse(r.out().contains("DiskFull"), r.out());
    }

    @Test
    void json_prints_the_notifiers_answer() {
        Run r = tocsin("alerts", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().startsWith("[") && r.out().contains("\"fingerprint\""), r.out());
    }

    @Test
    void a_silence_added_shows_on_its_alert_and_expiring_it_makes_the_alert_active_again() {
        Run added =
                tocsin("silences", "add", "alertname=PostgresDown", "-c", "failover drill", "-a", "ana", "-d", "30m");
        assertEquals(0, added.exit(), added.err());
        String id = added.out().strip();
        assertTrue(id.matches("[0-9a-f-]{36}"), added.out());

        Run listed = tocsin("silences");
        assertTrue(
                listed.out()
                        .matches("(?s).*" + id
                                + " +active +alertname=\"PostgresDown\" +in (29|30)m +ana +failover drill\n.*"),
                listed.out());
        Eventually.await(
                Duration.ofSeconds(10),
                "the alert shows its silence",
                () -> tocsin("alerts").out().contains("silenced by " + id.substring(0, 8)) ? true : null);

        Run expired = tocsin("silences", "expire", id);
        assertEquals("expired " + id + "\n", expired.out(), expired.err());
        assertTrue(tocsin("silences").out().matches("(?s).*" + id + " +expired .*"));
        Eventually.await(
                Duration.ofSeconds(10),
                "the alert is active again",
                () -> !tocsin("alerts").out().contains("silenced by") ? true : null);
    }

    @Test
    void an_acknowledged_alert_says_by_whom() {
        // An alert of its own, so that the other tests see theirs unacknowledged whatever the order.
        post(notifier.url + "/api/v2/alerts", "[{\"labels\": {\"alertname\": \"QueueSlow\", \"severity\": \"info\"}}]");
        String fp = Eventually.await(Duration.ofSeconds(30), "the alert grouped", () -> {
            JsonArray groups = new JsonArray(tocsin("alerts", "--json", "--filter", "alertname=QueueSlow")
                    .out());
            return groups.isEmpty()
                    ? null
                    : groups.getJsonObject(0)
                            .getJsonArray("alerts")
                            .getJsonObject(0)
                            .getString("fingerprint");
        });
        assertEquals(
                202,
                post(notifier.url + "/api/tocsin/v1/alerts/" + fp + "/ack", "{\"by\":\"bob\",\"comment\":\"on it\"}")
                        .statusCode());
        Eventually.await(
                Duration.ofSeconds(15),
                "the alert shows its acknowledgement",
                () -> tocsin("alerts", "--filter", "alertname=QueueSlow").out().contains("acked by bob") ? true : null);
    }

    @Test
    void a_silence_the_notifier_refuses_is_its_reason_and_exit_1() {
        Run r = tocsin("silences", "add", "alertname=~\".*\"", "-c", "everything", "-a", "ana");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("tocsin: POST /api/v2/silences: 400 "), r.err());
    }

    @Test
    void why_names_the_silence_that_keeps_a_label_set_from_paging_and_history_lists_the_decisions() {
        Run added = tocsin("silences", "add", "alertname=CacheCold", "-c", "warming up", "-a", "ana", "-d", "30m");
        assertEquals(0, added.exit(), added.err());
        String id = added.out().strip();

        Run why = Eventually.await(Duration.ofSeconds(10), "the silence in force", () -> {
            Run r = tocsin("why", "--match", "{alertname=\"CacheCold\",severity=\"critical\"}");
            return r.out().startsWith("SILENCED") ? r : null;
        });
        assertEquals(0, why.exit(), why.err());
        assertTrue(why.out().contains(id), why.out());
        assertTrue(why.out().contains("+ ") && why.out().contains("pager"), why.out());

        String fp = Eventually.await(Duration.ofSeconds(30), "DiskFull grouped", () -> {
            JsonArray groups = new JsonArray(
                    tocsin("alerts", "--json", "--filter", "alertname=DiskFull").out());
            return groups.isEmpty()
                    ? null
                    : groups.getJsonObject(0)
                            .getJsonArray("alerts")
                            .getJsonObject(0)
                            .getString("fingerprint");
        });
        // A post is listed as soon as it is acknowledged; its history is written with the
        // dispatch's next commit (a few to 250 ms later), so the history is awaited, not assumed.
        Run history = Eventually.await(Duration.ofSeconds(10), "DiskFull's history", () -> {
            Run r = tocsin("history", fp);
            return r.exit() == 0 ? r : null;
        });
        assertTrue(history.out().contains("fired") && history.out().contains("routed"), history.out());
        assertEquals(1, tocsin("history", "0000000000000000").exit());
    }
}
