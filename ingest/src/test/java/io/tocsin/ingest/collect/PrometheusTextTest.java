package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final Labels TARGET = Labels.of("job", "api", "instance", "web:8000");

    @Test
    void typesDecideKindsAndTargetLabelsWin() throws Exception {
        String text = """
                # HELP http_requests_total Requests.
                # TYPE http_requests_total counter
                http_requests_total{method="GET",code="200"} 1027 1699999990000
                # TYPE http_duration_seconds histogram
                http_duration_seconds_bucket{le="0.5"} 3
                http_duration_seconds_bucket{le="+Inf"} 4
                http_duration_seconds_sum 1.5
                http_duration_seconds_count 4
                # TYPE rpc summary
                rpc{quantile="0.99"} 0.2
                # TYPE temperature gauge
                temperature{job="sensor", room="a \\"big\\" one"} -3.5
                weird_untyped 1e3
                stale NaN
                """;
        List<Sample> s = PrometheusText.parse(text, TARGET, NOW);
        assertEquals(
                List.of(
                        new Sample(
                                "http_requests_total",
                                TARGET.with("code", "200").with("method", "GET"),
                                1027,
                                1_699_999_990_000L,
                                SampleKind.COUNTER),
                        new Sample(
                                "http_duration_seconds_bucket",
                                TARGET.with("le", "0.5"),
                                3,
                                NOW,
                                SampleKind.HISTOGRAM_BUCKET),
                        new Sample(
                                "http_duration_seconds_bucket",
                                TARGET.with("le", "+Inf"),
                                4,
                                NOW,
                                SampleKind.HISTOGRAM_BUCKET),
                        new Sample("http_duration_seconds_sum", TARGET, 1.5, NOW, SampleKind.COUNTER),
                        new Sample("http_duration_seconds_count", TARGET, 4, NOW, SampleKind.COUNTER),
                        new Sample("rpc", TARGET.with("quantile", "0.99"), 0.2, NOW, SampleKind.SUMMARY_QUANTILE),
                        new Sample(
                                "temperature",
                                TARGET.with("exported_job", "sensor").with("room", "a \"big\" one"),
                                -3.5,
                                NOW,
                                SampleKind.GAUGE),
                        new Sample("weird_untyped", TARGET, 1000, NOW, SampleKind.UNTYPED)),
                s);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `up{job="a" 1`             | `line 1: expected name="value"`
            `up{job=a} 1`              | `line 1: label job: value must be quoted`
            `up{job="a} 1`             | `line 1: label job: unclosed quote`
            `up`                       | `line 1: expected a value and an optional timestamp after up`
            `up one`                   | `line 1: not a number: "one"`
            `1up 1`                    | `line 1: invalid metric name "1up" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)`
            """)
    void badLinesRefuseTheScrape(String text, String message) {
        assertEquals(
                message,
                assertThrows(PrometheusText.BadLine.class, () -> PrometheusText.parse(text, TARGET, NOW))
                        .getMessage());
    }
}
