package io.tocsin.ingest.remotewrite;

import static io.tocsin.ingest.remotewrite.WriteRequests.metadata;
import static io.tocsin.ingest.remotewrite.WriteRequests.request;
import static io.tocsin.ingest.remotewrite.WriteRequests.series;
import static io.tocsin.ingest.remotewrite.WriteRequests.snappy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types.MetricMetadata.MetricType;
import io.tocsin.ingest.remotewrite.proto.Types.TimeSeries;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

class RemoteWriteDecoderTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final RemoteWriteHeaders PROMETHEUS =
            new RemoteWriteHeaders("snappy", "application/x-protobuf", "0.1.0");
    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(
            new SampleLimits(3, 16, Duration.ofHours(1), Duration.ofMinutes(10)),
            4096,
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void decodesEverySampleOfEverySeriesWithNameAndLabelsSplit() {
        TimeSeries two = TimeSeries.newBuilder(series(5, NOW - 1000, "__name__", "http_requests_total", "job", "api"))
                .addSamples(io.tocsin.ingest.remotewrite.proto.Types.Sample.newBuilder()
                        .setValue(7)
                        .setTimestamp(NOW))
                .build();
        List<Sample> samples = accept(request(two, series(0.25, NOW, "__name__", "up", "instance", "db:5432")));
        assertEquals(
                List.of(
                        new Sample("http_requests_total", Labels.of("job", "api"), 5, NOW - 1000, SampleKind.COUNTER),
                        new Sample("http_requests_total", Labels.of("job", "api"), 7, NOW, SampleKind.COUNTER),
                        new Sample("up", Labels.of("instance", "db:5432"), 0.25, NOW, SampleKind.GAUGE)),
                samples);
    }

    @Test
    void staleMarkersAndOtherNonNumbersAreDroppedNotRefused() {
        List<Sample> samples = accept(request(
                series(WriteRequests.STALE_NAN, NOW, "__name__", "up"),
                series(Double.NaN, NOW, "__name__", "ratio"),
                series(Double.POSITIVE_INFINITY, NOW, "__name__", "ratio"),
                series(1, NOW, "__name__", "up")));
        assertEquals(List.of(new Sample("up", Labels.EMPTY, 1, NOW, SampleKind.GAUGE)), samples);
    }

    @Test
    void anEmptyLabelValueMeansTheLabelIsAbsentAsInPrometheus() {
        assertEquals(
                Labels.of("job", "api"),
                accept(request(series(1, NOW, "__name__", "up", "env", "", "job", "api")))
                        .get(0)
                        .labels());
    }

    @Test
    void metadataInTheSameRequestDecidesTheKind() {
        WriteRequest r = WriteRequest.newBuilder(request(
                        series(3, NOW, "__name__", "queue_depth_total"), series(3, NOW, "__name__", "jobs_done")))
                .addMetadata(metadata("queue_depth_total", MetricType.GAUGE))
                .addMetadata(metadata("jobs_done", MetricType.COUNTER))
                .build();
        assertEquals(
                List.of(SampleKind.GAUGE, SampleKind.COUNTER),
                accept(r).stream().map(Sample::kind).toList());
    }

    @Test
    void aRequestWithOnlyMetadataWritesNothing() {
        WriteRequest r = WriteRequest.newBuilder()
                .addMetadata(metadata("up", MetricType.GAUGE))
                .build();
        assertEquals(List.of(), accept(r));
    }

    @Test
    void headersMayBeAbsent() {
        byte[] body = snappy(request(series(1, NOW, "__name__", "up")));
        assertEquals(
                1, ((DecodeResult.Accepted) decoder.decode(new RemoteWriteHeaders(null, null, null), body)).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejected(String why, WriteRequest request, String reason) {
        assertEquals(new DecodeResult.Rejected(reason), decoder.decode(PROMETHEUS, snappy(request)));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(
                        "no metric name, second series",
                        request(series(1, NOW, "__name__", "up"), series(1, NOW, "job", "x")),
                        "timeseries[1].labels: no __name__ label: every series needs a metric name"),
                arguments(
                        "bad metric name",
                        request(series(1, NOW, "__name__", "http-requests")),
                        "timeseries[0].labels[__name__]: invalid metric name \"http-requests\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)"),
                arguments(
                        "bad label name",
                        request(series(1, NOW, "__name__", "up", "a.b", "x")),
                        "timeseries[0].labels[1] \"a.b\": invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "reserved label name",
                        request(series(1, NOW, "__name__", "up", "__tmp", "x")),
                        "timeseries[0].labels[1] \"__tmp\": label names starting with __ are reserved"),
                arguments(
                        "label given twice",
                        request(series(1, NOW, "__name__", "up", "job", "a", "job", "b")),
                        "timeseries[0].labels[2] \"job\": label name given twice"),
                arguments(
                        "label value too long",
                        request(series(1, NOW, "__name__", "up", "job", "x".repeat(17))),
                        "timeseries[0].labels[1] \"job\": label value is 17 characters, at most 16 allowed"),
                arguments(
                        "too many labels",
                        request(series(1, NOW, "__name__", "up", "a", "1", "b", "2", "c", "3", "d", "4")),
                        "timeseries[0].labels: 4 labels, at most 3 allowed"),
                arguments(
                        "sample too old",
                        request(series(1, NOW - 61 * MINUTE, "__name__", "up")),
                        "timeseries[0] up.samples[0].timestamp: 2023-11-14T21:12:20Z is older than 1h (Unix milliseconds)"),
                arguments(
                        "timestamp in seconds",
                        request(series(1, NOW / 1000, "__name__", "up")),
                        "timeseries[0] up.samples[0].timestamp: 1970-01-20T16:13:20Z is older than 1h (Unix milliseconds)"),
                arguments(
                        "sample from the future",
                        request(series(1, NOW + 11 * MINUTE, "__name__", "up")),
                        "timeseries[0] up.samples[0].timestamp: 2023-11-14T22:24:20Z is more than 10m in the future (Unix milliseconds)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void badBodies(String why, byte[] body, String reason) {
        assertEquals(new DecodeResult.Rejected(reason), decoder.decode(PROMETHEUS, body));
    }

    static Stream<Arguments> badBodies() throws Exception {
        byte[] uncompressed = request(series(1, NOW, "__name__", "up")).toByteArray();
        return Stream.of(
                arguments("empty", new byte[0], "body: is empty"),
                arguments(
                        "not compressed",
                        "hello, this is not snappy".getBytes(StandardCharsets.UTF_8),
                        "body: is not snappy block-compressed (the framed format is not accepted either)"),
                arguments(
                        "too large once uncompressed",
                        Snappy.compress(new byte[4097]),
                        "body: uncompresses to 4097 bytes, at most 4096 allowed"),
                arguments(
                        "snappy of something that is not protobuf",
                        Snappy.compress(new byte[] {(byte) 0xff, 0x01}),
                        "body: not a protobuf WriteRequest (Protocol message tag had invalid wire type.)"),
                arguments(
                        "protobuf without snappy",
                        uncompressed.length > 0 ? uncompressed : new byte[1],
                        "body: is not snappy block-compressed (the framed format is not accepted either)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void otherProtocolsGet415(String why, RemoteWriteHeaders headers, String reason) {
        byte[] body = snappy(request(series(1, NOW, "__name__", "up")));
        assertEquals(new DecodeResult.Rejected(reason, 415), decoder.decode(headers, body));
    }

    static Stream<Arguments> otherProtocolsGet415() {
        return Stream.of(
                arguments(
                        "gzip",
                        new RemoteWriteHeaders("gzip", "application/x-protobuf", "0.1.0"),
                        "Content-Encoding: must be snappy, not gzip"),
                arguments(
                        "JSON",
                        new RemoteWriteHeaders("snappy", "application/json", "0.1.0"),
                        "Content-Type: must be application/x-protobuf, not application/json"),
                arguments(
                        "remote-write 2.0",
                        new RemoteWriteHeaders(
                                "snappy", "application/x-protobuf;proto=io.prometheus.write.v2.Request", "2.0.0"),
                        "Content-Type: only remote-write 1.0 (proto=prometheus.WriteRequest) is accepted, not proto=io.prometheus.write.v2.request"),
                arguments(
                        "version 2 header alone",
                        new RemoteWriteHeaders("snappy", "application/x-protobuf", "2.0.0"),
                        "X-Prometheus-Remote-Write-Version: only 0.1.0 (remote-write 1.0) is accepted, not 2.0.0"));
    }

    private List<Sample> accept(WriteRequest request) {
        DecodeResult r = decoder.decode(PROMETHEUS, snappy(request));
        if (r instanceof DecodeResult.Rejected rejected) {
            throw new AssertionError("rejected: " + rejected.reason());
        }
        return ((DecodeResult.Accepted) r).samples();
    }
}
