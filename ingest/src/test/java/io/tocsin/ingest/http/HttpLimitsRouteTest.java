package io.tocsin.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.ingest.auth.Clients;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.sink.KafkaSink;
import io.tocsin.ingest.sink.MutableClock;
import io.tocsin.ingest.sink.TestSinks;
import io.tocsin.ops.Health;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a client can make ingest hold, over raw sockets, since well-behaved HTTP clients cannot
 * send half a body or trickle headers: every limit of {@link HttpLimits} answered as documented.
 */
@ExtendWith(VertxExtension.class)
class HttpLimitsRouteTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    private static final int BODY_LIMIT = 10_000;
    private static final HttpLimits LIMITS = new HttpLimits(
            BODY_LIMIT, 25_000, 4, Duration.ofMillis(600), Duration.ofMillis(600), Duration.ofSeconds(5));

    private final MutableClock clock = new MutableClock(NOW);
    private final MockProducer<String, byte[]> producer = new MockProducer<>(
            true,
            null,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpLoad load = new HttpLoad();
    private final List<Socket> sockets = new ArrayList<>();
    private int port;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext tc) {
        KafkaSink sink = TestSinks.ready(producer, 10_000, clock);
        IngestVerticle verticle = new IngestVerticle(
                "127.0.0.1",
                0,
                LIMITS,
                load,
                Decoders.create(
                        new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), 1 << 20, clock),
                Clients.open(),
                sink,
                new Health(),
                registry);
        vertx.deployVerticle(verticle)
                .onSuccess(id -> port = verticle.actualPort())
                .onComplete(tc.succeedingThenComplete());
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void aFormEncodedBodyIsReadAsTheEndpointsJson() throws Exception {
        // curl -d sends application/x-www-form-urlencoded; a body over ~2 KB used to fail form parsing with a 500.
        StringBuilder samples = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < 60; i++) {
            samples.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"up\",\"labels\":{\"instance\":\"web-")
                    .append(i)
                    .append("\"},\"value\":1}");
        }
        String body = samples.append("]}").toString();
        assertTrue(body.length() > 2048);
        String answer = exchange(post("/v1/samples", "application/x-www-form-urlencoded", body.length()) + body);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("\"accepted\":60"), answer);
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeAnyByteOfItIsRead() throws Exception {
        String answer = exchange(post("/v1/samples", "application/json", BODY_LIMIT + 1));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("request body of 10001 bytes is larger than the limit of 10000 bytes"), answer);
    }

    @Test
    void aChunkedBodyIsCountedAsItStreamsAnd413PastTheLimit() throws Exception {
        Socket s = open();
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/samples HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String chunk = "x".repeat(4000);
        for (int i = 0; i < 3; i++) {
            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        String answer = read(s);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("request body of more than 10000 bytes"), answer);
        assertEquals(0, load.bufferedBytes(), "the budget is given back");
    }

    @Test
    void bodiesPastTheSharedBufferLimitAre503WithRetryAfterUntilOneCompletes() throws Exception {
        // Two uploads of 9,000 bytes each hold back their last byte: 18,000 of 25,000 bytes reserved.
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket s = open();
            s.getOutputStream()
                    .write((post("/v1/samples", "application/json", 9000) + "x".repeat(8999))
                            .getBytes(StandardCharsets.US_ASCII));
            held.add(s);
        }
        awaitBuffered(18_000);
        String third = exchange(post("/v1/samples", "application/json", 9000));
        assertTrue(third.startsWith("HTTP/1.1 503"), third);
        assertTrue(third.contains("Retry-After: 1"), third);
        assertTrue(third.contains("18000 bytes of request bodies are being received (limit 25000"), third);
        // The held uploads time out (408) and give their share back: a new request fits again.
        for (Socket s : held) {
            assertTrue(read(s).startsWith("HTTP/1.1 408"));
        }
        awaitBuffered(0);
        String body = "{\"samples\":[{\"name\":\"up\",\"value\":1}]}";
        assertTrue(exchange(post("/v1/samples", "application/json", body.length()) + body)
                .startsWith("HTTP/1.1 200"));
    }

    @Test
    void aRequestHeadOverEightKilobytesIsRefusedByTheHttpDecoder() throws Exception {
        String answer = exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
        assertTrue(answer.matches("HTTP/1.[01] 431(.|\\s)*"), answer);
        String line = exchange("GET /" + "u".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(line.matches("HTTP/1.[01] 414(.|\\s)*"), line);
    }

    @Test
    void aBodyShorterThanItsContentLengthIs408AfterTheBodyTimeout() throws Exception {
        long t0 = System.nanoTime();
        String answer = exchange(post("/v1/samples", "application/json", 100) + "{\"samples\":");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("request body not complete within 600 ms (11 bytes received"), answer);
        assertTrue(ms >= 500 && ms < 3000, ms + " ms");
        awaitBuffered(0);
    }

    @Test
    void aConnectionThatNeverCompletesItsHeadIsClosedAfterTheHeaderTimeout(Vertx vertx) throws Exception {
        for (int i = 0; i < 300; i++) {
            vertx.setTimer(1, id -> {}); // timer ids past the boxed-Long cache, as in a server running for a while
        }
        Socket s = open();
        s.getOutputStream().write("POST /v1/samples HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        assertEquals(-1, s.getInputStream().read(), "closed without an answer");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 400 && ms < 3000, ms + " ms");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheHeaderTimeoutToo() throws Exception {
        Socket s = open();
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = read(s);
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        long t0 = System.nanoTime();
        assertEquals(-1, s.getInputStream().read(), "closed once the next head did not come");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 400 && ms < 3000, ms + " ms");
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnceAndCountedWhileTheOthersAreServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxConnections(); i++) {
            held.add(open());
        }
        awaitConnections(LIMITS.maxConnections());
        Socket extra = open();
        extra.getOutputStream()
                .write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1, extra.getInputStream().read(), "closed before anything was read");
        assertEquals(
                1.0,
                registry.get("tocsin.ingest.requests.rejected")
                        .tag("reason", "too_many_connections")
                        .counter()
                        .count());
        held.get(0).close();
        awaitConnections(LIMITS.maxConnections() - 1);
        assertTrue(exchange("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    // ---- helpers ----

    private static String post(String path, String type, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                + "\r\n\r\n";
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    private String exchange(String request) throws IOException {
        Socket s = open();
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return read(s);
    }

    /** The answer: headers and body, up to the end of the body or the connection. */
    private static String read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                int head = text.indexOf("\r\n\r\n");
                int length = head < 0 ? -1 : contentLength(text.substring(0, head));
                if (length >= 0 && text.length() >= head + 4 + length) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what was read so far is the answer
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private void awaitBuffered(long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (load.bufferedBytes() != bytes && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(bytes, load.bufferedBytes());
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (load.connections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, load.connections());
    }
}
