package io.tocsin.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.config.Secret;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.ops.auth.ControlToken;
import io.tocsin.ops.auth.ControlTokens;
import io.tocsin.ops.auth.Scope;
import io.tocsin.rules.topology.TopologySettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may reload the rules, and where the service may listen. No broker is needed: the HTTP side
 * answers whatever Kafka does (Streams keeps trying to connect meanwhile).
 */
class RulesControlAccessTest {
    private static final String READER = "reader-token-0123456789";
    private static final String WRITER = "writer-token-0123456789";
    private static final ControlAccess TOKENS = new ControlAccess(
            new ControlTokens(List.of(
                    new ControlToken("grafana", Secret.inline(READER), Set.of(Scope.READ)),
                    new ControlToken("deploy", Secret.inline(WRITER), Set.of(Scope.WRITE)))),
            false);

    private final Vertx vertx = Vertx.vertx();
    private RulesService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void reloadNeedsAWriteToken(@TempDir Path dir) throws Exception {
        int port = start(dir, "127.0.0.1", TOKENS);
        assertEquals(401, reload(port, null).statusCode());
        assertEquals(401, reload(port, "not-a-known-token-at-all").statusCode());
        assertEquals(403, reload(port, READER).statusCode());
        HttpResponse<String> reloaded = reload(port, WRITER);
        assertEquals(200, reloaded.statusCode(), reloaded.body());
    }

    @Test
    void withoutTokensTheServiceRefusesToListenBeyondLoopback(@TempDir Path dir) {
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> start(dir, "0.0.0.0", ControlAccess.LOOPBACK_ONLY));
        assertEquals(
                "the rules API would listen on 0.0.0.0 without tokens: set TOCSIN_CONTROL_TOKENS_FILE, or bind"
                        + " a loopback address, or set TOCSIN_ALLOW_UNAUTHENTICATED=true to run it open",
                e.getCause().getMessage());
        service = null; // nothing started
    }

    private int start(Path dir, String host, ControlAccess access) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        RulesSettings settings = new RulesSettings(
                new KafkaSettings("127.0.0.1:1"),
                host,
                0,
                rules,
                dir.resolve("state"),
                1,
                "rules-access-test",
                TopologySettings.DEFAULTS);
        service = new RulesService(vertx, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), access);
        return service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> reload(int port, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/reload"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
