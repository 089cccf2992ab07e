package io.tocsin.server.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.server.cli.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code tocsin up} with broken config files: all reported at file:line:col, nothing started, in a moment. */
class StartupValidationTest {
    @TempDir
    Path dir;

    @Test
    void a_broken_notifier_file_and_a_broken_rule_file_stop_up_before_the_broker_starts() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("bad.rules.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: X
                        expr: up ==
                """);
        Path routing = dir.resolve("routing.yml");
        Files.writeString(routing, """
                route:
                  receiver: nobody-by-that-name
                receivers:
                  - name: team
                """);
        Path tokens = dir.resolve("tokens.yml");
        Files.writeString(tokens, "clients: [\n");
        Path data = dir.resolve("data");
        int brokerPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            brokerPort = s.getLocalPort();
        }
        Map<String, String> env = Map.of(
                "TOCSIN_DATA_DIR", data.toString(),
                "TOCSIN_RULES_DIR", rules.toString(),
                "TOCSIN_NOTIFIER_CONFIG", routing.toString(),
                "TOCSIN_INGEST_TOKENS_FILE", tokens.toString(),
                "TOCSIN_BROKER_PORT", String.valueOf(brokerPort),
                "TOCSIN_CONTROLLER_PORT", "0",
                "TOCSIN_INGEST_PORT", "0",
                "TOCSIN_RULES_PORT", "0",
                "TOCSIN_NOTIFIER_PORT", "0");

        long started = System.nanoTime();
        Run r = Run.of(env, "up");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(1, r.exit());
        List<String> lines = r.err().lines().toList();
        assertTrue(
                lines.stream().anyMatch(l -> l.matches(".*bad\\.rules\\.yml:5:\\d+: .*")),
                "the rule file's error at file:line:col:\n" + r.err());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches(".*routing\\.yml:\\d+:\\d+: .*nobody-by-that-name.*")),
                "the routing file's error at file:line:col:\n" + r.err());
        assertTrue(
                lines.stream().anyMatch(l -> l.matches(".*tokens\\.yml:\\d+:\\d+: .*")),
                "the tokens file's error at file:line:col:\n" + r.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("tocsin: not started"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
        assertFalse(Files.exists(data.resolve("kafka")), "no broker data written");
        assertFalse(Files.exists(data.resolve("broker.log")), "no broker started");
        try (ServerSocket s = new ServerSocket(brokerPort, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(brokerPort, s.getLocalPort(), "nobody listens on the broker port");
        }
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "reported in " + took.toMillis() + " ms");
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "TOCSIN_INGEST_PORT|ninety|TOCSIN_INGEST_PORT must be a whole number, not 'ninety'",
                "TOCSIN_INGEST_BODY_TIMEOUT|10 seconds|TOCSIN_INGEST_BODY_TIMEOUT: ",
                "TOCSIN_INGEST_MAX_IN_FLIGHT|lots|TOCSIN_INGEST_MAX_IN_FLIGHT must be a whole number, not 'lots'",
                "TOCSIN_ALLOW_UNAUTHENTICATED|yes|TOCSIN_ALLOW_UNAUTHENTICATED must be true or false, not 'yes'"
            })
    void a_setting_that_does_not_parse_is_named_before_anything_starts(String name, String value, String message) {
        Run r = Run.of(Map.of("TOCSIN_RULES_DIR", "../rules-examples", name, value), "up");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().strip().endsWith("tocsin: not started (1 problem(s) above)"), r.err());
    }
}
