package io.tocsin.tests.notifier;

import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * amtool 0.25 (Debian's prometheus-alertmanager) against Tocsin: the same alertmanager.yml passes
 * check-config and loads in Tocsin, config show prints it with credentials redacted, the probes
 * answer, and silences are validated as Alertmanager validates them. Skipped without amtool.
 */
@ExtendWith(KafkaBroker.class)
class AmtoolIT {
    private static final String CONFIG = """
            global:
              resolve_timeout: 2m
              smtp_from: alertmanager@example.org
              smtp_smarthost: 127.0.0.1:2525
              smtp_auth_username: alertmanager
              smtp_auth_password: smtp-s3cret
              smtp_require_tls: false
              slack_api_url: http://127.0.0.1:9/slack/s3cret-path
            templates:
              - 'templates/*.tmpl'
            route:
              receiver: team-slack
              group_by: [alertname, cluster]
              routes:
                - matchers: [severity="critical"]
                  receiver: pager
                  continue: true
            receivers:
              - name: team-slack
                slack_configs:
                  - channel: '#alerts'
                    title: '{{ template "custom.title" . }}'
              - name: pager
                pagerduty_configs:
                  - routing_key: 0123456789abcdef0123456789abcdef
                    url: http://127.0.0.1:9/pd
                    description: '{{ .CommonLabels.alertname }}'
            """;
    private static final String TEMPLATE =
            "{{ define \"custom.title\" }}[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}{{ end }}\n";

    private static Vertx vertx;
    private static NotifierOnBroker notifier;
    private static Path configFile;
    /** The same config in a real Alertmanager 0.25, when installed: amtool's answers are compared. */
    private static RealAlertmanager alertmanager;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                amtoolPresent(), "amtool is not installed (Debian: apt-get install prometheus-alertmanager); skipped");
        Path dir = Files.createDirectories(Path.of("target", "it-amtool-" + UUID.randomUUID()));
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/custom.tmpl"), TEMPLATE);
        configFile = dir.resolve("alertmanager.yml");
        Files.writeString(configFile, CONFIG);
        vertx = Vertx.vertx();
        notifier = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                NotifierConfig.load(configFile, Map.of()),
                dir.resolve("state"),
                "it-amtool-" + UUID.randomUUID().toString().substring(0, 8),
                0,
                ControlAccess.LOOPBACK_ONLY);
        if (RealAlertmanager.installed()) {
            Path am = Files.createDirectories(dir.resolve("alertmanager").resolve("templates"));
            Files.writeString(am.resolve("custom.tmpl"), TEMPLATE);
            alertmanager = RealAlertmanager.start(CONFIG, am.getParent());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void amtoolAcceptsTheConfigTocsinRuns() throws Exception {
        Result r = amtool("check-config", configFile.toString());
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("1 templates"), r.out);
    }

    @Test
    void configShowPrintsTheLoadedConfigWithCredentialsRedacted() throws Exception {
        Result r = amtool("--alertmanager.url=" + notifier.url, "config", "show");
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("receiver: team-slack"), r.out);
        assertTrue(r.out.contains("smtp_auth_password: <secret>"), r.out);
        for (String secret : List.of("smtp-s3cret", "s3cret-path", "0123456789abcdef")) {
            assertFalse(r.out.contains(secret), secret + " leaked: " + r.out);
        }
    }

    @Test
    void configRoutesTestReadsTheRoutingTreeFromTocsin() throws Exception {
        Result r = amtool(
                "--alertmanager.url=" + notifier.url,
                "config",
                "routes",
                "test",
                "severity=critical",
                "alertname=DbDown");
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.strip().endsWith("pager"), r.out);
    }

    @Test
    void theProbesAnswerAsAlertmanagersDo() {
        assertEquals(200, get(notifier.url + "/-/healthy").statusCode());
        assertEquals("OK", get(notifier.url + "/-/healthy").body());
        assertEquals(200, get(notifier.url + "/-/ready").statusCode());
    }

    @Test
    void aSilenceWithOnlyANegativeMatcherIsAcceptedAndOneWithoutACommentIsNot() throws Exception {
        Result added = amtool(
                "--alertmanager.url=" + notifier.url,
                "silence",
                "add",
                "instance!=db-1",
                "--comment=maintenance",
                "--author=it",
                "--duration=1h");
        assertEquals(0, added.code, added.out);
        List<String> lines = added.out.strip().lines().toList();
        String id = lines.get(lines.size() - 1); // after amtool's version warning
        assertTrue(id.matches("[0-9a-f-]{36}"), added.out);
        assertTrue(get(notifier.url + "/api/v2/silence/" + id).body().contains("\"isEqual\":false"));
        String noComment = new JsonObject()
                .put(
                        "matchers",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "a")
                                        .put("value", "b")
                                        .put("isRegex", false)))
                .put("startsAt", Instant.now().toString())
                .put("endsAt", Instant.now().plusSeconds(60).toString())
                .put("createdBy", "it")
                .encode();
        var refused = post(notifier.url + "/api/v2/silences", noComment);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("comment in body is required"), refused.body());
    }

    @Test
    void amtoolAcceptsTheAlertmanagerExampleAndRefusesTocsinsOwnRoutingFile() throws Exception {
        Path example = Path.of("..", "deploy", "alertmanager-example", "alertmanager.yml");
        Result am = amtool("check-config", example.toString());
        assertEquals(0, am.code, am.out);
        // Tocsin's own additions (console_configs, *_env secrets, escalation_policies) are not
        // Alertmanager's: the README says so; the file loads in Tocsin.
        Result own = amtool(
                "check-config", Path.of("..", "rules-examples", "routing.yml").toString());
        assertEquals(1, own.code, own.out);
    }

    /**
     * Update, expire, export and import, the same amtool commands against both: the same exit
     * codes, whether an update keeps the id, and which silences end up active. Importing an
     * export of expired silences brings none back.
     */
    @Test
    void silenceUpdateExpireAndImportGiveAlertmanagersResults() throws Exception {
        assumeTrue(alertmanager != null, RealAlertmanager.BINARY + " is not installed");
        List<String> amLog = new ArrayList<>();
        List<String> tocsinLog = new ArrayList<>();
        List<String> am = silenceLifecycle(alertmanager.url, amLog);
        List<String> tocsin = silenceLifecycle(notifier.url, tocsinLog);
        assertEquals(am, tocsin, "amtool's output, Alertmanager: " + amLog + "\nTocsin: " + tocsinLog);
    }

    /**
     * What amtool makes of one silence's life on the system at {@code url}, as comparable lines.
     * (amtool 0.25's {@code silence update -q} prints a pointer, so the id is read from its table.)
     */
    private static List<String> silenceLifecycle(String url, List<String> raw) throws Exception {
        String am = "--alertmanager.url=" + url;
        String label = "lifecycle=" + UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>();
        Result added = amtool(am, "silence", "add", label, "-c", "maintenance", "-a", "it", "-d", "1h");
        raw.add(added.out);
        out.add("add " + added.code);
        String id = lastLine(added.out);
        Result updated = amtool(am, "silence", "update", id, "--duration=2h");
        raw.add(updated.out);
        List<String> now = activeIds(am, label);
        out.add("update " + updated.code + ", active " + now.size() + (now.contains(id) ? " same id" : " new id"));
        Path export = Files.createTempFile("silences", ".json");
        Files.writeString(export, jsonPart(amtool(am, "silence", "query", "-o", "json", label).out));
        Result expired = amtool(am, "silence", "expire", now.isEmpty() ? id : now.get(0));
        raw.add(expired.out);
        out.add("expire " + expired.code + ", active " + activeIds(am, label).size());
        Path expiredExport = Files.createTempFile("expired", ".json");
        Files.writeString(
                expiredExport, jsonPart(amtool(am, "silence", "query", "--expired", "-o", "json", label).out));
        Result importExpired = amtool(am, "silence", "import", expiredExport.toString());
        raw.add(importExpired.out);
        out.add("import of the expired export: active " + activeIds(am, label).size());
        Result importActive = amtool(am, "silence", "import", export.toString());
        raw.add(importActive.out);
        List<String> after = activeIds(am, label);
        out.add("import of the export made while active: active " + after.size()
                + (after.contains(id) ? " same id" : " new id"));
        return out;
    }

    /** amtool's JSON, without the version warning it prints first against Tocsin. */
    private static String jsonPart(String out) {
        int at = out.indexOf('[');
        return at < 0 ? "[]" : out.substring(at);
    }

    private static List<String> activeIds(String am, String label) throws Exception {
        return amtool(am, "silence", "query", "-q", label)
                .out
                .strip()
                .lines()
                .filter(l -> l.matches("[0-9a-f-]{36}"))
                .toList();
    }

    /** amtool alert add then query: the alert is there at once, on both. */
    @Test
    void anAlertAddedWithAmtoolIsQueriedAtOnceAsOnAlertmanager() throws Exception {
        assumeTrue(alertmanager != null, RealAlertmanager.BINARY + " is not installed");
        List<String> answers = new ArrayList<>();
        for (String url : List.of(alertmanager.url, notifier.url)) {
            String am = "--alertmanager.url=" + url;
            Result add = amtool(am, "alert", "add", "alertname=AmtoolAdded", "instance=db-1", "severity=warning");
            Result query = amtool(am, "alert", "query", "-o", "json", "alertname=AmtoolAdded");
            JsonArray alerts = new JsonArray(query.out.substring(query.out.indexOf('[')));
            answers.add("add " + add.code + ", query " + query.code + ", " + alerts.size() + " alert(s) "
                    + alerts.getJsonObject(0).getJsonObject("labels").encode());
        }
        assertEquals(answers.get(0), answers.get(1));
    }

    /** amtool config routes test, as Alertmanager answers it for the same label sets. */
    @Test
    void configRoutesTestAnswersAsAlertmanager() throws Exception {
        assumeTrue(alertmanager != null, RealAlertmanager.BINARY + " is not installed");
        for (List<String> labels : List.<List<String>>of(
                List.of("severity=critical"), List.of("severity=warning", "alertname=X"), List.of())) {
            List<String> answers = new ArrayList<>();
            for (String url : List.of(alertmanager.url, notifier.url)) {
                List<String> args = new ArrayList<>(List.of("--alertmanager.url=" + url, "config", "routes", "test"));
                args.addAll(labels);
                Result r = amtool(args.toArray(String[]::new));
                answers.add(r.code + " " + lastLine(r.out));
            }
            assertEquals(answers.get(0), answers.get(1), "routes test " + labels);
        }
    }

    /** The last line amtool printed (after its version warning against Tocsin). */
    private static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private record Result(int code, String out) {}

    private static boolean amtoolPresent() {
        try {
            return amtool("--version").code == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Result amtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("amtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "amtool did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
