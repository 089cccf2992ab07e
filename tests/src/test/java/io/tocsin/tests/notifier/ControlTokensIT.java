package io.tocsin.tests.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.ops.auth.ControlToken;
import io.tocsin.ops.auth.ControlTokens;
import io.tocsin.ops.auth.Scope;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notifier API with control tokens, driven by the real amtool (as operators run it, with
 * {@code --http.config.file} holding {@code authorization: {credentials: TOKEN}}) and by a
 * Prometheus-style alert post: no token is 401, a read token cannot write (403), a read/write
 * token adds and finds a silence, a write-only token (Prometheus') posts alerts.
 */
@ExtendWith(KafkaBroker.class)
class ControlTokensIT {
    private static final String READ_ONLY = "grafana-" + UUID.randomUUID();
    private static final String READ_WRITE = "oncall-" + UUID.randomUUID();
    private static final String WRITE_ONLY = "prometheus-" + UUID.randomUUID();
    private static final Duration AMTOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Vertx vertx;
    private static NotifierOnBroker notifier;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        String app = "it-control-" + UUID.randomUUID().toString().substring(0, 8);
        dir = Files.createDirectories(Path.of("target", app));
        ControlTokens tokens = new ControlTokens(List.of(
                new ControlToken("grafana", Secret.inline(READ_ONLY), Set.of(Scope.READ)),
                new ControlToken("oncall", Secret.inline(READ_WRITE), Set.of(Scope.READ, Scope.WRITE)),
                new ControlToken("prometheus", Secret.inline(WRITE_ONLY), Set.of(Scope.WRITE))));
        notifier = NotifierOnBroker.start(
                vertx,
                KafkaBroker.bootstrap(),
                """
                route: {receiver: console}
                receivers: [{name: console, console_configs: [{}]}]
                """,
                Map.of(),
                dir.resolve("state"),
                app,
                0,
                new ControlAccess(tokens, false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void amtoolNeedsAReadWriteTokenToSilenceAndAReadTokenToQuery() throws Exception {
        assumeTrue(
                amtoolInstalled(),
                "amtool is not installed (Debian: apt-get install prometheus-alertmanager);"
                        + " skipping the amtool end-to-end test");
        String matcher = "instance=db-" + UUID.randomUUID().toString().substring(0, 8);

        Result anonymous = amtool(null, "silence", "add", matcher, "-a", "ann", "-c", "maintenance", "-d", "1h");
        assertTrue(anonymous.code != 0 && anonymous.output.contains("401"), anonymous.toString());

        Result readOnly = amtool(READ_ONLY, "silence", "add", matcher, "-a", "ann", "-c", "maintenance", "-d", "1h");
        assertTrue(readOnly.code != 0 && readOnly.output.contains("403"), readOnly.toString());

        Result added = amtool(READ_WRITE, "silence", "add", matcher, "-a", "ann", "-c", "maintenance", "-d", "1h");
        assertEquals(0, added.code, added.toString());
        String id = added.output.strip();

        Result anonymousQuery = amtool(null, "silence", "query", "-q", matcher);
        assertTrue(anonymousQuery.code != 0 && anonymousQuery.output.contains("401"), anonymousQuery.toString());

        Result found = amtool(READ_ONLY, "silence", "query", "-q", matcher);
        assertEquals(0, found.code, found.toString());
        assertEquals(id, found.output.strip(), "the read token finds the silence the read/write token added");
    }

    @Test
    void prometheusPostsAlertsWithItsWriteTokenAndNothingWithout() throws Exception {
        String alerts = "[{\"labels\":{\"alertname\":\"Forged\",\"severity\":\"critical\"}}]";
        assertEquals(401, post("/api/v2/alerts", alerts, null).statusCode());
        assertEquals(403, post("/api/v2/alerts", alerts, READ_ONLY).statusCode());
        assertEquals(200, post("/api/v2/alerts", alerts, WRITE_ONLY).statusCode());

        HttpResponse<String> unauthenticated = get("/api/v2/alerts", null);
        assertEquals(401, unauthenticated.statusCode());
        assertEquals(
                "Bearer realm=\"tocsin\"",
                unauthenticated.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(403, get("/api/v2/alerts", WRITE_ONLY).statusCode(), "write does not imply read");
        assertEquals(200, get("/api/v2/alerts", READ_ONLY).statusCode());
        assertEquals(200, get("/health", null).statusCode(), "health and metrics stay open for probes and scrapes");
    }

    @Test
    void realPrometheusDeliversAlertsWithBearerCredentialsFromItsAlertmanagerConfig() throws Exception {
        assumeTrue(
                installed("prometheus"),
                "prometheus is not installed (Debian: apt-get install prometheus);"
                        + " skipping the Prometheus end-to-end test");
        String alertname = "PromAuth" + UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createDirectories(dir.resolve("prometheus-" + alertname));
        Files.writeString(work.resolve("rules.yml"), """
                groups:
                  - name: auth
                    interval: 1s
                    rules:
                      - alert: %s
                        expr: vector(1)
                """.formatted(alertname));
        Files.writeString(work.resolve("token"), WRITE_ONLY);
        Files.writeString(work.resolve("prometheus.yml"), """
                global: {evaluation_interval: 1s}
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - api_version: v2
                      static_configs: [{targets: ['%s']}]
                      authorization: {credentials_file: token}
                """.formatted(notifier.url.substring("http://".length())));
        int promPort = NotifierOnBroker.freePort();
        Process prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + work.resolve("prometheus.yml").toAbsolutePath(),
                        "--storage.tsdb.path=" + work.resolve("data").toAbsolutePath(),
                        "--web.listen-address=127.0.0.1:" + promPort,
                        // The first evaluation may come before the notifier target is discovered: resend soon.
                        "--rules.alert.resend-delay=1s")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
        try {
            io.tocsin.tests.Eventually.await(Duration.ofSeconds(60), "Prometheus' alert in the notifier", () -> {
                try {
                    HttpResponse<String> r =
                            get("/api/v2/alerts?filter=alertname%3D%22" + alertname + "%22", READ_ONLY);
                    return r.statusCode() == 200 && r.body().contains(alertname) ? r : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (AssertionError e) {
            HttpResponse<String> metrics = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String sent = metrics.body()
                    .lines()
                    .filter(l -> l.startsWith("prometheus_notifications_"))
                    .reduce("", (a, b) -> a + "\n" + b);
            throw new AssertionError(
                    e.getMessage() + "; Prometheus says:" + sent + "\nnotifier has: "
                            + get("/api/v2/alerts", READ_ONLY).body(),
                    e);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private record Result(int code, String output) {}

    private static Result amtool(String token, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("amtool", "--alertmanager.url=" + notifier.url));
        if (token != null) {
            Path config = Files.createTempFile(dir, "http-config", ".yml");
            Files.writeString(config, "authorization:\n  type: Bearer\n  credentials: " + token + "\n");
            cmd.add("--http.config.file=" + config.toAbsolutePath());
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(AMTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("amtool " + String.join(" ", args) + " did not finish in " + AMTOOL_TIMEOUT);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean amtoolInstalled() {
        return installed("amtool");
    }

    private static boolean installed(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> post(String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(notifier.url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(
                token == null
                        ? b.build()
                        : b.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(notifier.url + path)).timeout(Duration.ofSeconds(30));
        return HTTP.send(
                token == null
                        ? b.build()
                        : b.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
