package io.tocsin.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

class EventDecoderTest {
    private static final long NOW = 1_700_000_000_000L;
    private final EventDecoder decoder = new EventDecoder(
            new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void aRequestEventBecomesACountADurationAndALogLine() {
        DecodeResult r = decode("""
                {"events":[{"name":"http_request","labels":{"route":"/checkout"},"status":500,"duration_ms":812,
                            "message":"POST /checkout failed","attributes":{"trace_id":"abc","user_id":42}},
                           {"name":"http_request","labels":{"route":"/checkout"},"status":"200","timestamp":%d}]}""".formatted(NOW - 1000));
        Labels failed = Labels.of("route", "/checkout", "status", "500");
        Labels ok = Labels.of("route", "/checkout", "status", "200");
        assertEquals(
                new DecodeResult.Accepted(
                        List.of(
                                new Sample("http_request_events", failed, 1, NOW, SampleKind.GAUGE),
                                new Sample("http_request_duration_seconds", failed, 0.812, NOW, SampleKind.GAUGE),
                                new Sample("http_request_events", ok, 1, NOW - 1000, SampleKind.GAUGE)),
                        List.of(new LogRecord(
                                failed.with("event", "http_request"),
                                NOW,
                                0,
                                "POST /checkout failed",
                                Map.of("trace_id", "abc", "user_id", "42", "duration_seconds", "0.812")))),
                r);
    }

    @Test
    void aJobOutcomeWithSecondsAndNoMessageIsOnlySamples() {
        DecodeResult r = decode(
                "[{\"name\":\"backup_run\",\"labels\":{\"db\":\"main\"},\"status\":\"ok\",\"duration_seconds\":61.5}]");
        assertEquals(
                new DecodeResult.Accepted(List.of(
                        new Sample(
                                "backup_run_events", Labels.of("db", "main", "status", "ok"), 1, NOW, SampleKind.GAUGE),
                        new Sample(
                                "backup_run_duration_seconds",
                                Labels.of("db", "main", "status", "ok"),
                                61.5,
                                NOW,
                                SampleKind.GAUGE))),
                r);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"event":[]}                                                    | events: required, an array (send {"events":[...]})
            []                                                              | events: batch is empty
            [{"labels":{}}]                                                 | events[0].name: required, a string
            [{"name":"a-b"}]                                                | events[0].name: invalid metric name "a-b" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)
            [{"name":"x","status":{"code":1}}]                              | events[0].status: must be a string or a whole number
            [{"name":"x","status":1,"labels":{"status":"2"}}]               | events[0].status: given both as a field and as labels.status
            [{"name":"x","duration_ms":-1}]                                 | events[0].duration_ms: must be a number, zero or more
            [{"name":"x","duration_ms":1,"duration_seconds":1}]             | events[0]: give duration_ms or duration_seconds, not both
            [{"name":"x","labels":{"1a":"b"}}]                              | events[0].labels["1a"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)
            [{"name":"x","timestamp":1}]                                    | events[0].timestamp: 1970-01-01T00:00:00.001Z is older than 1h (numbers are Unix milliseconds)
            [{"name":"x","message":7}]                                      | events[0].message: must be a string
            [{"name":"x","message":"m","attributes":{"a":[1]}}]             | events[0].attributes["a"]: must be a string, number or boolean
            """)
    void rejected(String body, String reason) {
        assertEquals(new DecodeResult.Rejected(reason), decode(body));
    }

    private DecodeResult decode(String body) {
        return decoder.decode(body.getBytes(StandardCharsets.UTF_8));
    }
}
