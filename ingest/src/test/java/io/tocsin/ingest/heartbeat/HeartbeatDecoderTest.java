package io.tocsin.ingest.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeartbeatDecoderTest {
    private static final long NOW = 1_700_000_000_500L;
    private final HeartbeatDecoder decoder = new HeartbeatDecoder(
            new SampleLimits(3, 16, Duration.ofHours(1), Duration.ofMinutes(10)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void aPingIsOneSampleValuedWithItsTimeInSeconds() {
        assertEquals(
                new DecodeResult.Accepted(List.of(new Sample(
                        HeartbeatDecoder.METRIC,
                        Labels.of("heartbeat", "nightly-backup", "env", "prod"),
                        1_700_000_000.5,
                        NOW,
                        SampleKind.GAUGE))),
                decoder.decode("nightly-backup", Map.of("env", "prod")));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ''                     | -          | heartbeat name: label value must not be empty (leave the label out instead)
            aaaaaaaaaaaaaaaaa      | -          | heartbeat name: label value is 17 characters, at most 16 allowed
            backup                 | a-b=1      | query parameter "a-b": invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)
            backup                 | heartbeat=x | query parameter "heartbeat": the heartbeat label is the name in the path
            backup                 | a=1,b=2,c=3 | labels: 4 labels, at most 3 allowed
            """)
    void rejected(String name, String query, String reason) {
        Map<String, String> q = new LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split(",")) {
                q.put(kv.split("=")[0], kv.split("=")[1]);
            }
        }
        assertEquals(new DecodeResult.Rejected(reason), decoder.decode(name, q));
    }
}
