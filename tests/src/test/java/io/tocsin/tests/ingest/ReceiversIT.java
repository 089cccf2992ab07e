package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types;
import io.tocsin.tests.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xerial.snappy.Snappy;

/** Each receiver, as its real clients call it, through a real broker, with tokens and a webhook mapping from files. */
@ExtendWith(KafkaBroker.class)
class ReceiversIT {
    private static final String TOKEN = "it-token-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static IngestOnBroker ingest;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "receivers-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("clients.yml"), """
                clients:
                  - name: it
                    token_env: IT_TOKEN
                """);
        Files.writeString(dir.resolve("webhooks.yml"), """
                sources:
                  uptime:
                    metric: site_up
                    value: /up
                    labels: {site: /site, run: /run}
                """);
        ingest = IngestOnBroker.start(Map.of(
                "TOCSIN_INGEST_TOKENS_FILE", dir.resolve("clients.yml").toString(),
                "TOCSIN_INGEST_WEBHOOKS_FILE", dir.resolve("webhooks.yml").toString(),
                "IT_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
    }

    @Test
    void remoteWriteAsPrometheusSendsIt() throws Exception {
        long now = System.currentTimeMillis();
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(Types.TimeSeries.newBuilder()
                        .addLabels(label("__name__", "http_requests_total"))
                        .addLabels(label("run", run))
                        .addSamples(Types.Sample.newBuilder().setValue(41).setTimestamp(now - 15_000))
                        .addSamples(Types.Sample.newBuilder().setValue(42).setTimestamp(now)))
                .build();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(ingest.url("/api/v1/write")))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(request.toByteArray()))));
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(
                List.of(
                        new Sample("http_requests_total", Labels.of("run", run), 41, now - 15_000, SampleKind.COUNTER),
                        new Sample("http_requests_total", Labels.of("run", run), 42, now, SampleKind.COUNTER)),
                samples(2));
    }

    @Test
    void eventsHeartbeatsAndWebhooks() throws Exception {
        assertEquals(200, post("/v1/events", """
                {"events":[{"name":"http_request","labels":{"run":"%s"},"status":503,"duration_ms":250,"message":"upstream down"}]}""".formatted(run)).statusCode());
        assertEquals(
                200,
                send(HttpRequest.newBuilder(URI.create(ingest.url("/v1/heartbeat/backup?run=" + run)))
                                .GET())
                        .statusCode());
        assertEquals(
                200,
                post("/v1/webhook/uptime", "{\"site\":\"shop\",\"up\":1,\"run\":\"%s\"}".formatted(run))
                        .statusCode());
        assertEquals(404, post("/v1/webhook/github", "{}").statusCode());

        List<String> names = samples(4).stream().map(Sample::name).sorted().toList();
        assertEquals(
                List.of(
                        "http_request_duration_seconds",
                        "http_request_events",
                        "site_up",
                        "tocsin_heartbeat_timestamp_seconds"),
                names);
        List<LogRecord> logs = TopicReader.await(
                Topics.LOGS, LogRecord.class, l -> run.equals(l.labels().get("run")), 1, Duration.ofSeconds(30));
        assertEquals("upstream down", logs.get(0).line());
        assertEquals("503", logs.get(0).labels().get("status"));
    }

    @Test
    void withoutTheTokenNothingIsWritten() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(ingest.url("/v1/samples")))
                        .POST(HttpRequest.BodyPublishers.ofString("[{\"name\":\"x\",\"value\":1}]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }

    private List<Sample> samples(int count) {
        return TopicReader.await(
                Topics.SAMPLES, Sample.class, s -> run.equals(s.labels().get("run")), count, Duration.ofSeconds(30));
    }

    private static Types.Label label(String name, String value) {
        return Types.Label.newBuilder().setName(name).setValue(value).build();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(ingest.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(
                request.header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
