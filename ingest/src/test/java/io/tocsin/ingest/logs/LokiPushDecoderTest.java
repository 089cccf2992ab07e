package io.tocsin.ingest.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.Timestamp;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ingest.loki.proto.Push.EntryAdapter;
import io.tocsin.ingest.loki.proto.Push.LabelPairAdapter;
import io.tocsin.ingest.loki.proto.Push.PushRequest;
import io.tocsin.ingest.loki.proto.Push.StreamAdapter;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

class LokiPushDecoderTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final long NOW_NS = NOW_MS * 1_000_000L;
    private final LokiPushDecoder decoder = new LokiPushDecoder(
            new LogLimits(new SampleLimits(3, 16, Duration.ofHours(1), Duration.ofMinutes(10)), 32, 2),
            4096,
            Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC));

    @Test
    void jsonKeepsNanosecondsAndStructuredMetadata() {
        String body = """
                {"streams":[{"stream":{"app":"shop","level":"error"},
                  "values":[["%d","authentication failed",{"trace_id":"abc"}],["%d","second"]]}]}""".formatted(NOW_NS - 1_500_001, NOW_NS);
        assertEquals(
                List.of(
                        new LogRecord(
                                Labels.of("app", "shop", "level", "error"),
                                NOW_MS - 2,
                                499_999,
                                "authentication failed",
                                Map.of("trace_id", "abc")),
                        new LogRecord(Labels.of("app", "shop", "level", "error"), NOW_MS, 0, "second", Map.of())),
                accept("application/json", null, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void gzipJsonIsAccepted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(("{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[[\"" + NOW_NS + "\",\"hi\"]]}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(
                "hi",
                accept("application/json; charset=utf-8", "gzip", out.toByteArray())
                        .get(0)
                        .line());
    }

    @Test
    void snappyProtobufAsLoki4jAndPromtailSendIt() throws Exception {
        PushRequest push = PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder()
                        .setLabels("{app=\"shop\", level=\"warn\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setTimestamp(Timestamp.newBuilder()
                                        .setSeconds(NOW_MS / 1000)
                                        .setNanos(123_456_789))
                                .setLine("disk almost full")
                                .addStructuredMetadata(LabelPairAdapter.newBuilder()
                                        .setName("host")
                                        .setValue("db1"))))
                .build();
        assertEquals(
                List.of(new LogRecord(
                        Labels.of("app", "shop", "level", "warn"),
                        NOW_MS + 123,
                        456_789,
                        "disk almost full",
                        Map.of("host", "db1"))),
                accept("application/x-protobuf", null, Snappy.compress(push.toByteArray())));
    }

    @Test
    void emptyLabelValuesAreAbsentLabels() {
        String body =
                "{\"streams\":[{\"stream\":{\"app\":\"x\",\"env\":\"\"},\"values\":[[\"" + NOW_NS + "\",\"l\"]]}]}";
        assertEquals(
                Labels.of("app", "x"),
                accept("application/json", null, body.getBytes(StandardCharsets.UTF_8))
                        .get(0)
                        .labels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejectedJson(String why, String body, String reason) {
        assertEquals(
                new DecodeResult.Rejected(reason),
                decoder.decode("application/json", null, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
    }

    static Stream<Arguments> rejectedJson() {
        String ts = "'" + NOW_NS + "'";
        return Stream.of(
                arguments(
                        "not JSON",
                        "{",
                        "body: is not valid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]) (line 1, column 2)"),
                arguments("no streams", "{}", "streams: required, an array"),
                arguments(
                        "numeric timestamp",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + NOW_NS + ",'l']]}]}",
                        "streams[0].values[0][0]: timestamp must be a string of Unix nanoseconds, e.g. \"1700000000000000000\""),
                arguments(
                        "timestamp not a number",
                        "{'streams':[{'stream':{'app':'x'},'values':[['soon','l']]}]}",
                        "streams[0].values[0][0]: \"soon\" is not Unix nanoseconds"),
                arguments(
                        "too old, second stream",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + ts + ",'l']]},"
                                + "{'stream':{'app':'y'},'values':[['" + (NOW_NS - 3_700_000_000_000L) + "','l']]}]}",
                        "streams[1].values[0].timestamp: 2023-11-14T21:11:40Z is older than 1h"),
                arguments(
                        "no labels",
                        "{'streams':[{'stream':{},'values':[[" + ts + ",'l']]}]}",
                        "streams[0].stream: at least one label is required per stream"),
                arguments(
                        "bad label name",
                        "{'streams':[{'stream':{'a-b':'x'},'values':[[" + ts + ",'l']]}]}",
                        "streams[0].stream[\"a-b\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "line too long",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + ts + ",'" + "x".repeat(33) + "']]}]}",
                        "streams[0].values[0].line: 33 bytes, at most 32 allowed"),
                arguments(
                        "line not a string",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + ts + ",7]]}]}",
                        "streams[0].values[0][1]: log line must be a string"),
                arguments(
                        "too much metadata",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + ts + ",'l',{'a':'1','b':'2','c':'3'}]]}]}",
                        "streams[0].values[0].fields: 3 fields, at most 2 allowed"),
                arguments(
                        "entry is not a pair",
                        "{'streams':[{'stream':{'app':'x'},'values':[[" + ts + "]]}]}",
                        "streams[0].values[0]: must be [\"<unix ns>\", \"line\"] or [\"<unix ns>\", \"line\", {metadata}]"));
    }

    @Test
    void protobufWithABadSelectorNamesTheStream() throws Exception {
        PushRequest push = PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder()
                        .setLabels("{app=\"x\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setTimestamp(Timestamp.newBuilder().setSeconds(NOW_MS / 1000))
                                .setLine("ok")))
                .addStreams(StreamAdapter.newBuilder().setLabels("{app=x}"))
                .build();
        assertEquals(
                new DecodeResult.Rejected(
                        "streams[1].labels: \"{app=x}\": column 6: expected a quoted value, found 'x'"),
                decoder.decode("application/x-protobuf", null, Snappy.compress(push.toByteArray())));
    }

    @Test
    void otherContentTypesGet415() {
        assertEquals(
                new DecodeResult.Rejected(
                        "Content-Type: must be application/json or application/x-protobuf, not text/plain", 415),
                decoder.decode("text/plain", null, new byte[] {1}));
    }

    private List<LogRecord> accept(String type, String encoding, byte[] body) {
        DecodeResult r = decoder.decode(type, encoding, body);
        if (r instanceof DecodeResult.Rejected rejected) {
            throw new AssertionError("rejected: " + rejected.reason());
        }
        return ((DecodeResult.Accepted) r).logs();
    }
}
