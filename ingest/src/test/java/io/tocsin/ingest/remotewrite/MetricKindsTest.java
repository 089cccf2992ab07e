package io.tocsin.ingest.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.remotewrite.proto.Types.MetricMetadata.MetricType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricKindsTest {

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            http_requests_total           | -        | -        | COUNTER
            http_duration_seconds_bucket  | le=0.5   | -        | HISTOGRAM_BUCKET
            http_duration_seconds_count   | -        | -        | COUNTER
            http_duration_seconds_sum     | -        | -        | COUNTER
            rpc_latency                   | quantile=0.99 | -   | SUMMARY_QUANTILE
            cache_bucket                  | -        | -        | GAUGE
            up                            | -        | -        | GAUGE
            jobs_done                     | -        | COUNTER  | COUNTER
            queue_total                   | -        | GAUGE    | GAUGE
            http_duration_seconds_bucket  | le=0.5   | HISTOGRAM | HISTOGRAM_BUCKET
            http_duration_seconds_sum     | -        | HISTOGRAM | COUNTER
            jobs_done_total               | -        | UNKNOWN  | COUNTER
            """)
    void kind(String name, String label, MetricType declared, SampleKind expected) {
        Labels labels = label == null ? Labels.EMPTY : Labels.of(label.split("=")[0], label.split("=")[1]);
        String family = name.replaceAll("_(bucket|count|sum|total)$", "");
        Map<String, MetricType> metadata = declared == null ? Map.of() : Map.of(family, declared);
        assertEquals(expected, MetricKinds.of(name, labels, metadata));
    }
}
