package io.tocsin.ingest.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
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

class LogDecoderTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private final LogDecoder decoder = new LogDecoder(
            LogLimits.of(new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10))),
            Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC));

    @Test
    void decodesLabelsLineTimeAndFields() {
        DecodeResult r = decoder.decode(("""
                {"logs":[{"labels":{"app":"api"},"line":"GET /x 500","fields":{"status":"500"}},
                         {"labels":{"app":"api"},"line":"later","timestamp":"2023-11-14T22:13:20.000000123Z"},
                         {"labels":{"app":"api"},"line":"ms","timestamp":%d}]}""".formatted(NOW_MS - 5)).getBytes(StandardCharsets.UTF_8));
        assertEquals(
                DecodeResult.Accepted.logs(List.of(
                        new LogRecord(Labels.of("app", "api"), NOW_MS, 0, "GET /x 500", Map.of("status", "500")),
                        new LogRecord(Labels.of("app", "api"), NOW_MS, 123, "later", Map.of()),
                        new LogRecord(Labels.of("app", "api"), NOW_MS - 5, 0, "ms", Map.of()))),
                r);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"logs":[]}                                                   | logs: batch is empty
            {"log":[]}                                                    | logs: required, an array
            [{"labels":{"app":"a"}}]                                      | logs[0].line: required, a string
            [{"line":"x"}]                                                | logs[0].labels: at least one label is required per stream
            [{"labels":{"app":1},"line":"x"}]                             | logs[0].labels["app"]: value must be a string
            [{"labels":{"app":"a"},"line":"x","timestamp":"now"}]         | logs[0].timestamp: "now" is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00.123456789Z)
            [{"labels":{"app":"a"},"line":"x","timestamp":1}]             | logs[0].timestamp: 1970-01-01T00:00:00.001Z is older than 1h
            [{"labels":{"app":"a"},"line":"x","fields":{"a.b":"1"}}]      | logs[0].fields["a.b"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)
            """)
    void rejected(String body, String reason) {
        assertEquals(new DecodeResult.Rejected(reason), decoder.decode(body.getBytes(StandardCharsets.UTF_8)));
    }
}
