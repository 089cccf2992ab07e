package io.tocsin.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.Timestamp;
import io.tocsin.ingest.http.Decoders;
import io.tocsin.ingest.loki.proto.Push.EntryAdapter;
import io.tocsin.ingest.loki.proto.Push.PushRequest;
import io.tocsin.ingest.loki.proto.Push.StreamAdapter;
import io.tocsin.ingest.remotewrite.RemoteWriteHeaders;
import io.tocsin.ingest.remotewrite.WriteRequests;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.sink.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/**
 * Every receiver refuses text that is not well-formed Unicode, and names longer than the
 * documented limits, with a 400 naming the item and the rule, before anything reaches Kafka.
 */
class StrictInputTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private static final long NOW_NS = NOW.toEpochMilli() * 1_000_000L;
    private static final Decoders DECODERS = Decoders.create(
            new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), 1 << 20, new MutableClock(NOW));
    private static final RemoteWriteHeaders REMOTE_WRITE =
            new RemoteWriteHeaders("snappy", "application/x-protobuf", "0.1.0");
    /** An overlong '/': what a lenient decoder turns into a path separator. */
    private static final byte[] OVERLONG_SLASH = {(byte) 0xC0, (byte) 0xAF};

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(
                        "samples: overlong UTF-8 in a label value",
                        samples(json("{\"samples\":[{\"name\":\"up\",\"labels\":{\"path\":\"a@@b\"},\"value\":1}]}")),
                        "body is not valid UTF-8: byte 44 (0xC0) starts an overlong encoding"),
                arguments(
                        "samples: a stray continuation byte",
                        samples(bytes(
                                "{\"samples\":[{\"name\":\"up\",\"value\":1,\"labels\":{\"a\":\"", 0x80, "\"}}]}")),
                        "body is not valid UTF-8: byte 50 (0x80) starts not a UTF-8 start byte"),
                arguments(
                        "samples: a surrogate encoded as UTF-8",
                        samples(bytes("[{\"name\":\"up\",\"value\":1,\"labels\":{\"a\":\"", 0xED, 0xA0, 0x80, "\"}}]")),
                        "byte 39 (0xED) starts an encoded surrogate"),
                arguments(
                        "samples: a lone surrogate as a JSON escape",
                        samples(json("[{\"name\":\"up\",\"value\":1,\"labels\":{\"a\":\"x\\ud800\"}}]")),
                        "samples[0].labels[\"a\"]: label value contains a lone surrogate (U+D800) at character 1"),
                arguments(
                        "samples: NUL in a label value",
                        samples(json("[{\"name\":\"up\",\"value\":1,\"labels\":{\"a\":\"x\\u0000\"}}]")),
                        "samples[0].labels[\"a\"]: label value contains NUL (U+0000) at character 1"),
                arguments(
                        "samples: NUL in a metric name",
                        samples(json("[{\"name\":\"up\\u0000\",\"value\":1}]")),
                        "samples[0].name: invalid metric name"),
                arguments(
                        "samples: a 1 MB metric name",
                        samples(json("[{\"name\":\"" + "a".repeat(1 << 20) + "\",\"value\":1}]")),
                        "samples[0].name: metric name is 1048576 characters, at most 1024 allowed"),
                arguments(
                        "samples: a label name over the limit",
                        samples(json(
                                "[{\"name\":\"up\",\"value\":1,\"labels\":{\"" + "l".repeat(1025) + "\":\"v\"}}]")),
                        "label name is 1025 characters, at most 1024 allowed"),
                arguments(
                        "samples: a label value over the limit",
                        samples(json(
                                "[{\"name\":\"up\",\"value\":1,\"labels\":{\"a\":\"" + "v".repeat(2049) + "\"}}]")),
                        "samples[0].labels[\"a\"]: label value is 2049 characters, at most 2048 allowed"),
                arguments(
                        "samples: too many labels",
                        samples(json("[{\"name\":\"up\",\"value\":1,\"labels\":{" + labels(31) + "}}]")),
                        "samples[0].labels: 31 labels, at most 30 allowed"),
                arguments(
                        "logs: overlong UTF-8 in a line",
                        logs(json("{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"@@etc\"}]}")),
                        "body is not valid UTF-8: byte 39 (0xC0) starts an overlong encoding"),
                arguments(
                        "logs: a lone surrogate in a line",
                        logs(json("{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"\\udc00\"}]}")),
                        "logs[0].line: contains a lone surrogate (U+DC00) at character 0"),
                arguments(
                        "logs: a line over 256 KiB",
                        logs(json("{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"" + "x".repeat(256 * 1024 + 1)
                                + "\"}]}")),
                        "logs[0].line: 262145 bytes, at most 262144 allowed"),
                arguments(
                        "logs: NUL in a field value",
                        logs(
                                json(
                                        "{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"l\",\"fields\":{\"f\":\"\\u0000\"}}]}")),
                        "logs[0].fields[\"f\"]: contains NUL (U+0000) at character 0"),
                arguments(
                        "events: overlong UTF-8",
                        decoder(d -> d.events().decode(json("{\"events\":[{\"name\":\"job\",\"message\":\"@@\"}]}"))),
                        "body is not valid UTF-8: byte 36 (0xC0) starts an overlong encoding"),
                arguments(
                        "loki JSON: a lone surrogate in a stream label",
                        loki(
                                "application/json",
                                json("{\"streams\":[{\"stream\":{\"app\":\"\\ud800\"},\"values\":[[\"" + NOW_NS
                                        + "\",\"l\"]]}]}")),
                        "streams[0].stream[\"app\"]: label value contains a lone surrogate (U+D800) at character 0"),
                arguments(
                        "loki JSON: overlong UTF-8 in a line",
                        loki(
                                "application/json",
                                json("{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[[\"" + NOW_NS
                                        + "\",\"@@\"]]}]}")),
                        "body: is not valid UTF-8: byte 68 (0xC0) starts an overlong encoding"),
                arguments(
                        "loki protobuf: overlong UTF-8 in a line",
                        loki("application/x-protobuf", snappy(lokiPush("ZZetc"))),
                        "invalid UTF-8"),
                arguments(
                        "remote-write: overlong UTF-8 in a label value",
                        remoteWrite(WriteRequests.request(
                                        WriteRequests.series(1, NOW.toEpochMilli(), "__name__", "up", "path", "aZZb"))
                                .toByteArray()),
                        "invalid UTF-8"),
                arguments(
                        "remote-write: NUL in a label value",
                        remoteWrite(WriteRequests.request(WriteRequests.series(
                                        1, NOW.toEpochMilli(), "__name__", "up", "path", "a\u0000b"))
                                .toByteArray()),
                        "timeseries[0].labels[1] \"path\": label value contains NUL (U+0000) at character 1"),
                arguments(
                        "remote-write: a 100 kB metric name",
                        remoteWrite(WriteRequests.request(
                                        WriteRequests.series(1, NOW.toEpochMilli(), "__name__", "a".repeat(100_000)))
                                .toByteArray()),
                        "timeseries[0].labels[__name__]: metric name is 100000 characters, at most 1024 allowed"),
                arguments(
                        "heartbeat: a lone surrogate in the name",
                        decoder(d -> d.heartbeats().decode("backup\ud800", Map.of())),
                        "heartbeat name: label value contains a lone surrogate (U+D800) at character 6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedWith400NamingTheItemAndTheRule(String what, Function<Decoders, DecodeResult> decode, String reason) {
        DecodeResult result = decode.apply(DECODERS);
        DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, result, what);
        assertEquals(400, rejected.status());
        assertTrue(rejected.reason().contains(reason), rejected.reason());
    }

    // ---- builders ----

    private static Function<Decoders, DecodeResult> decoder(Function<Decoders, DecodeResult> f) {
        return f;
    }

    private static Function<Decoders, DecodeResult> samples(byte[] body) {
        return d -> d.samples().decode(body);
    }

    private static Function<Decoders, DecodeResult> logs(byte[] body) {
        return d -> d.logs().decode(body);
    }

    private static Function<Decoders, DecodeResult> loki(String type, byte[] body) {
        return d -> d.loki().decode(type, null, body);
    }

    /** A serialized WriteRequest whose "ZZ" bytes (if any) become an overlong '/', snappy-compressed. */
    private static Function<Decoders, DecodeResult> remoteWrite(byte[] request) {
        return d -> d.remoteWrite().decode(REMOTE_WRITE, snappy(request));
    }

    private static byte[] lokiPush(String line) {
        return PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder()
                        .setLabels("{app=\"x\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setLine(line)
                                .setTimestamp(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()))))
                .build()
                .toByteArray();
    }

    /** UTF-8 of {@code text} with each "@@" (or "ZZ") replaced by the two bytes of an overlong '/'. */
    private static byte[] json(String text) {
        return overlong(text.getBytes(StandardCharsets.UTF_8), (byte) '@');
    }

    private static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(overlong(raw, (byte) 'Z'));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] overlong(byte[] b, byte marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == marker && b[i + 1] == marker) {
                b[i] = OVERLONG_SLASH[0];
                b[i + 1] = OVERLONG_SLASH[1];
            }
        }
        return b;
    }

    /** Text and raw byte values, concatenated. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    private static String labels(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
        }
        return b.toString();
    }
}
