package io.tocsin.ingest.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping file and the decoder it configures, as a user writes them. */
class WebhookTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String MAPPINGS = """
            sources:
              deploys:
                items: /deployments
                metric: deploy_duration_seconds
                value: /took
                timestamp: /at
                labels:
                  repo: /repo/name
                  status: /status
                  env: prod
                log_line: /message
                fields: {actor: /by}
              uptime:
                metric: site_up
                value: /up
                labels: {site: /site}
            """;

    private final WebhookDecoder decoder = new WebhookDecoder(
            WebhooksFile.read(YamlLoader.parse(MAPPINGS, "webhooks.yml")),
            new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void eachItemBecomesASampleAndALogRecord() {
        DecodeResult r = decode("deploys", """
                {"deployments":[
                  {"repo":{"name":"shop"},"status":"success","took":"42.5","at":"2023-11-14T22:13:00Z","message":"deployed v7","by":"ann"},
                  {"repo":{"name":"shop"},"took":3,"message":"rolled back"}]}""");
        Labels first = Labels.of("env", "prod", "repo", "shop", "status", "success");
        Labels second = Labels.of("env", "prod", "repo", "shop");
        assertEquals(
                new DecodeResult.Accepted(
                        List.of(
                                new Sample("deploy_duration_seconds", first, 42.5, NOW - 20_000, SampleKind.GAUGE),
                                new Sample("deploy_duration_seconds", second, 3, NOW, SampleKind.GAUGE)),
                        List.of(
                                new LogRecord(
                                        first.with("source", "deploys"),
                                        NOW - 20_000,
                                        0,
                                        "deployed v7",
                                        Map.of("actor", "ann")),
                                new LogRecord(second.with("source", "deploys"), NOW, 0, "rolled back", Map.of()))),
                r);
    }

    @Test
    void aBodyThatIsOneObjectIsOneItemAndBooleansCountAsOneOrZero() {
        assertEquals(
                new DecodeResult.Accepted(
                        List.of(new Sample("site_up", Labels.of("site", "shop.example"), 0, NOW, SampleKind.GAUGE))),
                decode("uptime", "{\"site\":\"shop.example\",\"up\":false}"));
    }

    @Test
    void anUnknownSourceHasNoMapping() {
        assertNull(decode("github", "{}"));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            deploys | {"deploy":[]}                                           | items: /deployments is not an array in this payload
            deploys | {"deployments":[{"message":"m"}]}                       | items[0].value: /took is missing
            deploys | {"deployments":[{"took":"fast","message":"m"}]}         | items[0].value: /took is not a number
            deploys | {"deployments":[{"took":1}]}                            | items[0].log_line: /message is missing or not a value
            deploys | {"deployments":[{"took":1,"at":"yesterday","message":"m"}]} | items[0].timestamp: "yesterday" is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)
            uptime  | [{"up":1},{"up":{"x":1}}]                               | items[1].value: must be a JSON number
            uptime  | not json                                                | `body is not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 1)`
            """)
    void rejected(String source, String body, String reason) {
        assertEquals(new DecodeResult.Rejected(reason), decode(source, body));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `sources: {}`                                                      | webhooks.yml:1:10: sources is empty
            `sources: {x: {labels: {a: /a}}}`                                  | webhooks.yml:1:14: source x needs metric, log_line or both
            `sources: {x: {metric: a-b}}`                                      | webhooks.yml:1:23: metric: invalid metric name "a-b" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)
            `sources: {x: {metric: a, lables: {}}}`                            | webhooks.yml:1:26: unknown field 'lables' in source x (known: fields, items, labels, log_line, metric, timestamp, value)
            `sources: {x: {metric: a, labels: {a.b: /a}}}`                     | webhooks.yml:1:35: labels: invalid label name "a.b" (must match [a-zA-Z_][a-zA-Z0-9_]*)
            `sources: {x: {metric: a, items: deployments}}`                    | webhooks.yml:1:33: items must be a JSON Pointer starting with /
            `sources: {x: {log_line: /m, value: /v}}`                          | webhooks.yml:1:36: value needs a metric
            `sources: {"a/b": {metric: a}}`                                    | webhooks.yml:1:11: source name 'a/b' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (it is a URL path segment)
            """)
    void badMappingsStopTheStartAtFileLineColumn(String yaml, String message) {
        assertEquals(
                message,
                assertThrows(ConfigException.class, () -> WebhooksFile.read(YamlLoader.parse(yaml, "webhooks.yml")))
                        .getMessage());
    }

    private DecodeResult decode(String source, String body) {
        return decoder.decode(source, body.getBytes(StandardCharsets.UTF_8));
    }
}
