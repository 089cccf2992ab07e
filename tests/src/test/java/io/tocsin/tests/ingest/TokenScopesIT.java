package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types;
import io.tocsin.tests.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xerial.snappy.Snappy;

/**
 * A token scoped to {@code job=web} writes only series and streams that carry {@code job="web"}
 * through every receiver: samples, remote-write, logs, Loki push, events, webhooks and heartbeats.
 * A missing label is refused like a wrong one (403), and a heartbeat token scoped by name keeps
 * to its names. Each row carries its own {@code row} label; afterwards exactly the admitted rows
 * are in Kafka.
 */
@ExtendWith(KafkaBroker.class)
class TokenScopesIT {
    private static final String WEB = "web-token-" + UUID.randomUUID();
    private static final String BACKUPS = "backups-token-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private record Row(
            String token, String method, String path, String contentType, byte[] body, int status, String reason) {}

    @Test
    void everyReceiverKeepsTheScopeWhenTheLabelIsAbsent() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "scopes-" + run));
        Files.writeString(dir.resolve("clients.yml"), """
                clients:
                  - name: web
                    token_env: WEB_TOKEN
                    labels: {job: web}
                  - name: backups
                    token_env: BACKUPS_TOKEN
                    labels: {heartbeat: "backup-.*"}
                """);
        Files.writeString(dir.resolve("webhooks.yml"), """
                sources:
                  uptime:
                    metric: site_up
                    value: /up
                    labels: {job: /job, run: /run, row: /row}
                """);
        List<Row> rows = rows();
        Set<String> admitted = new TreeSet<>();
        try (IngestOnBroker ingest = IngestOnBroker.start(Map.of(
                "TOCSIN_INGEST_TOKENS_FILE",
                dir.resolve("clients.yml").toString(),
                "TOCSIN_INGEST_WEBHOOKS_FILE",
                dir.resolve("webhooks.yml").toString(),
                "WEB_TOKEN",
                WEB,
                "BACKUPS_TOKEN",
                BACKUPS))) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                HttpResponse<String> r = send(ingest, row, i);
                String what = "row " + i + " " + row.method() + " " + row.path() + ": " + r.body();
                assertEquals(row.status(), r.statusCode(), what);
                if (row.reason() != null) {
                    assertTrue(r.body().contains(row.reason()), what);
                }
                if (row.status() < 300) {
                    admitted.add(pad(i));
                }
            }
        }
        long admittedSamples = rows.stream()
                .filter(r -> r.status() < 300
                        && !r.path().startsWith("/loki")
                        && !r.path().equals("/v1/logs"))
                .count();
        List<Sample> samples = TopicReader.await(
                Topics.SAMPLES,
                Sample.class,
                s -> run.equals(s.labels().get("run")),
                (int) admittedSamples,
                Duration.ofSeconds(30));
        List<LogRecord> logs = TopicReader.await(
                Topics.LOGS, LogRecord.class, l -> run.equals(l.labels().get("run")), 2, Duration.ofSeconds(30));
        Set<String> written = new TreeSet<>();
        samples.forEach(s -> written.add(s.labels().get("row")));
        logs.forEach(l -> written.add(l.labels().get("row")));
        assertEquals(admitted, written, "exactly the admitted rows reached Kafka");
    }

    private List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        String required = "job is required for this client (must match web)";
        String wrong = "db\\\" is not allowed (must match web)";
        // samples
        rows.add(json(
                WEB, "/v1/samples", "[{\"name\":\"up\",\"labels\":{%s},\"value\":1}]", "\"job\":\"web\"", 200, null));
        rows.add(json(WEB, "/v1/samples", "[{\"name\":\"up\",\"labels\":{%s},\"value\":1}]", "", 403, required));
        rows.add(json(
                WEB, "/v1/samples", "[{\"name\":\"up\",\"labels\":{%s},\"value\":1}]", "\"job\":\"db\"", 403, wrong));
        // remote-write
        rows.add(remoteWrite(WEB, true, 204));
        rows.add(remoteWrite(WEB, false, 403));
        // native logs
        rows.add(json(
                WEB,
                "/v1/logs",
                "{\"logs\":[{\"labels\":{\"app\":\"shop\"%s},\"line\":\"hello\"}]}",
                ",\"job\":\"web\"",
                200,
                null));
        rows.add(json(
                WEB,
                "/v1/logs",
                "{\"logs\":[{\"labels\":{\"app\":\"shop\"%s},\"line\":\"hello\"}]}",
                "",
                403,
                required));
        // Loki push
        String ns = Long.toString(System.currentTimeMillis() * 1_000_000L);
        rows.add(json(
                WEB,
                "/loki/api/v1/push",
                "{\"streams\":[{\"stream\":{\"app\":\"shop\"%s},\"values\":[[\"" + ns + "\",\"hello\"]]}]}",
                ",\"job\":\"web\"",
                204,
                null));
        rows.add(json(
                WEB,
                "/loki/api/v1/push",
                "{\"streams\":[{\"stream\":{\"app\":\"shop\"%s},\"values\":[[\"" + ns + "\",\"hello\"]]}]}",
                "",
                403,
                required));
        // events (the sample and, with a message, the log line both carry the event's labels)
        rows.add(json(
                WEB,
                "/v1/events",
                "{\"events\":[{\"name\":\"checkout\",\"labels\":{%s},\"status\":200}]}",
                "\"job\":\"web\"",
                200,
                null));
        rows.add(json(
                WEB,
                "/v1/events",
                "{\"events\":[{\"name\":\"checkout\",\"labels\":{%s},\"status\":500}]}",
                "",
                403,
                required));
        // webhooks: a label whose pointer finds nothing is left out, and then required
        rows.add(json(WEB, "/v1/webhook/uptime", "{\"up\":1%s}", ",\"job\":\"web\"", 200, null));
        rows.add(json(WEB, "/v1/webhook/uptime", "{\"up\":1%s}", "", 403, required));
        // heartbeats
        rows.add(new Row(WEB, "GET", "/v1/heartbeat/nightly?job=web", null, null, 200, null));
        rows.add(new Row(WEB, "GET", "/v1/heartbeat/nightly", null, null, 403, required));
        rows.add(new Row(BACKUPS, "GET", "/v1/heartbeat/backup-db", null, null, 200, null));
        rows.add(new Row(
                BACKUPS,
                "POST",
                "/v1/heartbeat/anything-else",
                null,
                new byte[0],
                403,
                "anything-else\\\" is not allowed (must match backup-.*)"));
        rows.add(json(
                BACKUPS,
                "/v1/samples",
                "[{\"name\":\"up\",\"labels\":{%s},\"value\":1}]",
                "",
                403,
                "heartbeat is required for this client (must match backup-.*)"));
        return rows;
    }

    /** A JSON row: {@code %s} in the template takes the labels; every item carries run and (later) row. */
    private Row json(String token, String path, String template, String labels, int status, String reason) {
        return new Row(
                token,
                "POST",
                path,
                "application/json",
                template.formatted(labels).getBytes(StandardCharsets.UTF_8),
                status,
                reason);
    }

    private Row remoteWrite(String token, boolean withJob, int status) {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder()
                .addLabels(Types.Label.newBuilder().setName("__name__").setValue("http_requests_total"));
        if (withJob) {
            series.addLabels(Types.Label.newBuilder().setName("job").setValue("web"));
        }
        series.addLabels(Types.Label.newBuilder().setName("row").setValue("ROW"))
                .addLabels(Types.Label.newBuilder().setName("run").setValue(run))
                .addSamples(Types.Sample.newBuilder().setValue(1).setTimestamp(System.currentTimeMillis()));
        return new Row(
                token,
                "POST",
                "/api/v1/write",
                "application/x-protobuf",
                WriteRequest.newBuilder().addTimeseries(series).build().toByteArray(),
                status,
                withJob ? null : "job is required for this client");
    }

    private HttpResponse<String> send(IngestOnBroker ingest, Row row, int index) throws Exception {
        String path = row.path();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
                        ingest.url(path + (path.contains("?") ? "&" : "?") + "run=" + run + "&row=" + pad(index))))
                .header("Authorization", "Bearer " + row.token())
                .timeout(Duration.ofSeconds(30));
        if (row.body() == null) {
            return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        byte[] body = row.body();
        if (path.equals("/api/v1/write")) {
            body = Snappy.compress(new String(body, StandardCharsets.ISO_8859_1)
                    .replace("ROW", pad(index))
                    .getBytes(StandardCharsets.ISO_8859_1));
            b.header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0");
        } else if (row.contentType() != null) {
            body = withRunAndRow(new String(body, StandardCharsets.UTF_8), index)
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (row.contentType() != null) {
            b.header("Content-Type", row.contentType());
        }
        return HTTP.send(
                b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Three characters, so that a protobuf string keeps its length. */
    private static String pad(int index) {
        return String.format("%3d", index).replace(' ', '0');
    }

    /** Adds run and row labels to the first labels object of the body (or the webhook payload). */
    private String withRunAndRow(String json, int index) {
        String extra = "\"run\":\"" + run + "\",\"row\":\"" + pad(index) + "\"";
        for (String key : List.of("\"labels\":{", "\"stream\":{")) {
            int at = json.indexOf(key);
            if (at >= 0) {
                int open = at + key.length();
                boolean empty = json.charAt(open) == '}';
                return json.substring(0, open) + extra + (empty ? "" : ",") + json.substring(open);
            }
        }
        return "{" + extra + "," + json.substring(1); // a webhook payload: labels come from pointers
    }
}
