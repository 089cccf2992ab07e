package io.tocsin.tests.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import io.tocsin.ingest.logs.LogLimits;
import io.tocsin.ingest.logs.LokiPushDecoder;
import io.tocsin.ingest.loki.proto.Push.PushRequest;
import io.tocsin.ingest.loki.proto.Push.StreamAdapter;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.rules.parse.RuleParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xerial.snappy.Snappy;

/**
 * One mistake in a label selector reads the same wherever it is written: a rule file's log
 * selector, a notifier route's matchers, and the labels of a Loki push. Each place puts its own
 * position in front (file:line:col, or the request's path); what follows is core's one message.
 */
class SameMistakeSameMessageTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            {app="x", 1b="y"}   => column 11: invalid label name "1b" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            {app="x}            => column 6: unterminated quoted value
            {app="\\q"}          => column 7: unknown escape \\q (a regex backslash is written \\\\q)
            {app="x" env="y"}   => column 10: expected ',' or '}', found 'e'
            {app="x"            => column 9: expected ',' or '}', found the end
            """)
    void inARuleFileANotifierConfigAndALokiPush(String selector, String message) throws Exception {
        // Both files point at the character itself: the value starts at column 16 of line 4 of the
        // rule file and at column 19 of line 4 of the notifier config.
        int column = Integer.parseInt(message.substring("column ".length(), message.indexOf(':')));
        assertEquals(List.of("a.rules.yml:4:" + (15 + column) + ": logs: " + message), inRuleFile(selector));
        assertEquals(
                "a.yml:4:" + (18 + column) + ": matcher '" + selector + "': " + message, inNotifierConfig(selector));
        assertEquals(
                "streams[0].labels: \"" + selector.replace("\\", "\\\\").replace("\"", "\\\"") + "\": " + message,
                inLokiPush(selector));
    }

    private static List<String> inRuleFile(String selector) {
        String yaml = """
                groups:
                  - name: auth
                    rules:
                      - logs: '%s'
                        alert: AuthFailures
                        aggregate: count
                        window: 5m
                        condition: '> 4'
                """.formatted(selector);
        return RuleParser.parse(yaml, "a.rules.yml").errors().stream()
                .map(Object::toString)
                .toList();
    }

    private static String inNotifierConfig(String selector) {
        String yaml = """
                route:
                  receiver: c
                  routes:
                    - matchers: ['%s']
                      receiver: c
                receivers: [{name: c}]
                """.formatted(selector);
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse(yaml, "a.yml", Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0).toString();
    }

    private static String inLokiPush(String selector) throws Exception {
        LokiPushDecoder decoder = new LokiPushDecoder(
                LogLimits.of(new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10))),
                1 << 20,
                Clock.systemUTC());
        byte[] body = Snappy.compress(PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder().setLabels(selector))
                .build()
                .toByteArray());
        DecodeResult r = decoder.decode("application/x-protobuf", null, body);
        return assertInstanceOf(DecodeResult.Rejected.class, r).reason();
    }

    /**
     * A duration and a label name written wrong read the same in a rule file, a notifier config and
     * an ingest collectors file: each file's own position and field, then core's one message.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '¤', textBlock = """
            a duration with its units out of order => 5m1h => ok => '5m1h' is not a duration (a number and a unit, largest first: 500ms, 30s, 5m, 1h30m, 2d, 1w; or 0)
            a label name with a dash              => 30s  => team-name => invalid label name "team-name" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            """)
    void inARuleFileANotifierConfigAndACollectorsFile(String what, String duration, String label, String message)
            throws Exception {
        String rule = """
                groups:
                  - name: g
                    rules:
                      - alert: Down
                        select: up
                        condition: '== 0'
                        for: %s
                        labels: {%s: x}
                """.formatted(duration, label);
        String notifier = """
                route:
                  receiver: c
                  group_wait: %s
                  routes:
                    - receiver: c
                      group_by: [%s]
                receivers: [{name: c}]
                """.formatted(duration, label);
        String collectors = """
                scrape:
                  - name: api
                    url: http://127.0.0.1:9/metrics
                    interval: %s
                    labels: {%s: x}
                """.formatted(duration, label);
        List<String> inRules = RuleParser.parse(rule, "a.rules.yml").errors().stream()
                .map(Object::toString)
                .toList();
        List<String> inNotifier =
                assertThrows(ConfigException.class, () -> NotifierConfig.parse(notifier, "a.yml", Map.of()))
                        .problems()
                        .stream()
                        .map(Object::toString)
                        .toList();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("collectors", ".yml");
        java.nio.file.Files.writeString(file, collectors);
        List<String> inCollectors;
        try {
            inCollectors = assertThrows(
                            ConfigException.class, () -> io.tocsin.ingest.collect.CollectorsFile.load(file, Map.of()))
                    .problems()
                    .stream()
                    .map(Object::toString)
                    .toList();
        } finally {
            java.nio.file.Files.delete(file);
        }
        for (List<String> errors : List.of(inRules, inNotifier, inCollectors)) {
            assertEquals(1, errors.size(), what + ": " + errors);
            assertTrue(errors.get(0).endsWith(": " + message), what + ": " + errors);
        }
    }
}
