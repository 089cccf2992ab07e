package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types;
import io.tocsin.tests.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xerial.snappy.Snappy;

/**
 * The documented input limits and strict UTF-8, end to end on a real broker: each row is a
 * client's mistake, answered with a 4xx that names the item and the limit (never a 503 or a
 * 500), and none of them changes readiness. Among them the two findings of the review: a 1 MB
 * metric name (was 503 + Retry-After from Kafka's RecordTooLargeException, and /health down) and
 * an overlong '/' (was stored as '/').
 */
@ExtendWith(KafkaBroker.class)
class InputLimitsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long NOW_NS = System.currentTimeMillis() * 1_000_000L;

    private record Row(
            String what, String method, String path, String contentType, byte[] body, int status, String reason) {}

    @Test
    void clientMistakesAre4xxNamingTheItemAndLimitAndReadinessStaysUp() throws Exception {
        try (IngestOnBroker ingest = IngestOnBroker.start()) {
            for (Row row : rows()) {
                HttpResponse<String> r;
                try {
                    r = send(ingest, row);
                } catch (java.io.IOException e) {
                    throw new AssertionError(row.what() + ": no answer", e);
                }
                assertEquals(row.status(), r.statusCode(), row.what() + ": " + r.body());
                assertTrue(r.body().contains(row.reason()), row.what() + ": " + r.body());
                if (row.status() >= 400) {
                    assertNull(r.headers().firstValue("Retry-After").orElse(null), row.what() + ": permanent");
                }
                HttpResponse<String> health = HTTP.send(
                        HttpRequest.newBuilder(URI.create(ingest.url("/health")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), "after " + row.what() + ": " + health.body());
            }
        }
    }

    private static List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.add(json(
                "a 1 MB metric name",
                "/v1/samples",
                "[{\"name\":\"" + "a".repeat(1 << 20) + "\",\"value\":1}]",
                400,
                "samples[0].name: metric name is 1048576 characters, at most 1024 allowed"));
        rows.add(json(
                "a label name over 1024 characters",
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{\"" + "l".repeat(1025) + "\":\"v\"},\"value\":1}]",
                400,
                "label name is 1025 characters, at most 1024 allowed"));
        rows.add(json(
                "a label value over 2048 characters",
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{\"path\":\"" + "v".repeat(2049) + "\"},\"value\":1}]",
                400,
                "samples[0].labels[\\\"path\\\"]: label value is 2049 characters, at most 2048 allowed"));
        rows.add(json(
                "31 labels",
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{" + labels(31) + "},\"value\":1}]",
                400,
                "samples[0].labels: 31 labels, at most 30 allowed"));
        rows.add(new Row(
                "an overlong '/' in a label value",
                "POST",
                "/v1/samples",
                "application/json",
                bytes("[{\"name\":\"up\",\"labels\":{\"path\":\"etc", 0xC0, 0xAF, "passwd\"},\"value\":1}]"),
                400,
                "body is not valid UTF-8: byte 35 (0xC0) starts an overlong encoding"));
        rows.add(json(
                "a lone surrogate in a label value",
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{\"a\":\"\\ud800\"},\"value\":1}]",
                400,
                "label value contains a lone surrogate (U+D800) at character 0"));
        rows.add(json(
                "NUL in a label value",
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{\"a\":\"\\u0000\"},\"value\":1}]",
                400,
                "label value contains NUL (U+0000) at character 0"));
        rows.add(json(
                "a log line over 256 KiB",
                "/v1/logs",
                "{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"" + "x".repeat(256 * 1024 + 1) + "\"}]}",
                400,
                "logs[0].line: 262145 bytes, at most 262144 allowed"));
        rows.add(new Row(
                "an encoded surrogate in a Loki line",
                "POST",
                "/loki/api/v1/push",
                "application/json",
                bytes(
                        "{\"streams\":[{\"stream\":{\"app\":\"x\"},\"values\":[[\"" + NOW_NS + "\",\"",
                        0xED,
                        0xA0,
                        0x80,
                        "\"]]}]}"),
                400,
                "starts an encoded surrogate"));
        rows.add(remoteWriteWithOverlongValue());
        rows.add(new Row(
                "an overlong '/' in a heartbeat name",
                "GET",
                "/v1/heartbeat/backup%C0%AF",
                null,
                null,
                400,
                "path: not valid UTF-8 once percent-decoded"));
        rows.add(new Row(
                "a body over the 4 MiB limit",
                "POST",
                "/v1/samples",
                "application/json",
                new byte[4 * 1024 * 1024 + 1],
                413,
                "is larger than the limit of 4194304 bytes"));
        rows.add(json(
                "a log record larger than Kafka's record limit, though each part is within its own",
                "/v1/logs",
                "{\"logs\":[{\"labels\":{\"app\":\"x\"},\"line\":\"" + "x".repeat(250_000) + "\",\"fields\":{"
                        + controlCharFields() + "}}]}",
                413,
                "log record 0 is 10"));
        rows.add(new Row(
                "curl -d's form type with a 3 KB batch (was a 500)",
                "POST",
                "/v1/samples",
                "application/x-www-form-urlencoded",
                formSizedBatch(),
                200,
                "\"accepted\":40"));
        rows.add(new Row(
                "no Content-Type at all",
                "POST",
                "/v1/samples",
                null,
                "{\"samples\":[{\"name\":\"up\",\"value\":1}]}".getBytes(StandardCharsets.UTF_8),
                200,
                "\"accepted\":1"));
        return rows;
    }

    private static Row json(String what, String path, String body, int status, String reason) {
        return new Row(what, "POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), status, reason);
    }

    private static Row remoteWriteWithOverlongValue() throws Exception {
        byte[] raw = WriteRequest.newBuilder()
                .addTimeseries(Types.TimeSeries.newBuilder()
                        .addLabels(Types.Label.newBuilder().setName("__name__").setValue("up"))
                        .addLabels(Types.Label.newBuilder().setName("path").setValue("etcZZpasswd"))
                        .addSamples(Types.Sample.newBuilder().setValue(1).setTimestamp(System.currentTimeMillis())))
                .build()
                .toByteArray();
        String s = new String(raw, StandardCharsets.ISO_8859_1).replace("ZZ", "\u00C0\u00AF");
        return new Row(
                "an overlong '/' in a remote-write label",
                "POST",
                "/api/v1/write",
                "application/x-protobuf",
                Snappy.compress(s.getBytes(StandardCharsets.ISO_8859_1)),
                400,
                "invalid UTF-8");
    }

    /** 64 fields of 2,048 control characters: within every per-field limit, about 800 kB once JSON-escaped. */
    private static String controlCharFields() {
        StringBuilder b = new StringBuilder();
        String value = "\\u0001".repeat(2048);
        for (int i = 0; i < 64; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("\"f")
                    .append(i)
                    .append("\":\"")
                    .append(value)
                    .append("\"");
        }
        return b.toString();
    }

    private static byte[] formSizedBatch() {
        StringBuilder b = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < 40; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"up\",\"labels\":{\"instance\":\"web-")
                    .append(i)
                    .append("\"},\"value\":1}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String labels(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
        }
        return b.toString();
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> send(IngestOnBroker ingest, Row row) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(ingest.url(row.path()))).timeout(Duration.ofSeconds(30));
        if (row.contentType() != null) {
            b.header("Content-Type", row.contentType());
        }
        if (row.path().equals("/api/v1/write")) {
            b.header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0");
        }
        b = row.body() == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofByteArray(row.body()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
