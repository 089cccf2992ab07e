package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.tests.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The review's attack, bounded, on ingest in a JVM of its own with a small heap. Timeline:
 * 250 clients each start an upload of 3.9 MB (under the 4 MiB body limit) and hold back its last
 * byte: those that fit the 64 MiB buffer budget are read and answered 408 once the body timeout
 * passes, the rest are answered 503 with Retry-After before their body is read; /health answers
 * 200 all along. Then 500 connections send half a request head (one of them trickling a byte
 * every 300 ms): those past the connection limit are closed at once, the others at the header
 * timeout. When the attack stops, /health and a real write answer 200 within 5 s. Before the
 * limits, the same uploads gave an OutOfMemoryError at -Xmx1g and ingest never recovered.
 */
@ExtendWith(KafkaBroker.class)
class SlowClientsIT {
    private static final String XMX = "-Xmx192m";
    private static final int UPLOADS = 250;
    private static final int UPLOAD_BYTES = 3_900_000;
    private static final int HELD = 500;
    private static final int MAX_CONNECTIONS = 400;
    private static final long BUFFER_LIMIT = 64L * 1024 * 1024;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    // Long enough that every upload is admitted or refused before the first admitted one times
    // out and frees its share of the budget for a later one (a loaded machine takes seconds to open 250).
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(8);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void slowUploadsAndSlowlorisKeepIngestInItsHeapAndItRecoversWithinFiveSeconds() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        try (IngestChildProcess ingest = IngestChildProcess.start(
                bootstrap,
                XMX,
                Map.of(
                        "TOCSIN_INGEST_MAX_CONNECTIONS",
                        Integer.toString(MAX_CONNECTIONS),
                        "TOCSIN_INGEST_HEADER_TIMEOUT",
                        HEADER_TIMEOUT.toSeconds() + "s",
                        "TOCSIN_INGEST_BODY_TIMEOUT",
                        BODY_TIMEOUT.toSeconds() + "s",
                        "TOCSIN_INGEST_EVENT_LOOPS",
                        "2"))) {
            long baseline = ingest.resetHeap();

            // ---- slow uploads ----
            AtomicBoolean probing = new AtomicBoolean(true);
            List<Integer> healthDuringUploads = new ArrayList<>();
            AtomicLong slowestProbeMs = new AtomicLong();
            Thread probe = new Thread(() -> {
                while (probing.get()) {
                    long p0 = System.nanoTime();
                    int status = status(ingest.url("/health"));
                    slowestProbeMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p0), Math::max);
                    synchronized (healthDuringUploads) {
                        healthDuringUploads.add(status);
                    }
                    sleep(200);
                }
            });
            probe.start();
            ConcurrentMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                uploads.add(
                        pool.submit(() -> answers.computeIfAbsent(slowUpload(ingest.port()), k -> new AtomicInteger())
                                .incrementAndGet()));
            }
            for (Future<?> f : uploads) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
            probing.set(false);
            probe.join(5000);
            long uploadPeakUsed = ingest.peakUsed();

            int timedOut = count(answers, 408);
            int refused = count(answers, 503);
            assertEquals(UPLOADS, timedOut + refused, "every upload answered 408 or 503: " + answers);
            assertTrue(
                    timedOut >= 1 && timedOut <= BUFFER_LIMIT / UPLOAD_BYTES,
                    "held within the buffer budget: " + answers);
            // Readiness never reports the attack as an outage; on two shared cores a probe may wait past 2 s.
            long healthy = healthDuringUploads.stream().filter(s -> s == 200).count();
            assertTrue(
                    healthDuringUploads.stream().allMatch(s -> s == 200 || s == -1), "health: " + healthDuringUploads);
            assertTrue(healthy * 2 > healthDuringUploads.size(), "health during the uploads: " + healthDuringUploads);

            // ---- slowloris ----
            List<Socket> held = new ArrayList<>();
            AtomicBoolean trickling = new AtomicBoolean(true);
            AtomicLong trickleClosedAfterMs = new AtomicLong(-1);
            Thread trickler = new Thread(() -> trickle(ingest.port(), trickling, trickleClosedAfterMs));
            trickler.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < HELD; i++) {
                Socket s = new Socket("127.0.0.1", ingest.port());
                s.getOutputStream()
                        .write("POST /v1/samples HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                held.add(s);
            }
            long openedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int closedAtOnce = 0;
            for (Socket s : held) {
                closedAtOnce += closedByPeer(s, 1) ? 1 : 0;
            }
            long lastClosedMs = 0;
            for (Socket s : held) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (closedByPeer(s, HEADER_TIMEOUT.toMillis() + 5000 - waited)) {
                    lastClosedMs = Math.max(lastClosedMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }
            }
            trickler.join(10_000);
            trickling.set(false);
            long attackEnd = System.nanoTime();
            for (Socket s : held) {
                s.close();
            }
            long recoveryMs = recover(ingest, attackEnd);
            long totalPeakUsed = ingest.peakUsed();

            System.out.printf(
                    "FIGURES slow-clients (%s): uploads %s; /health 200 in %d of %d probes during the uploads,"
                            + " slowest %d ms; heap baseline %d MiB, peak used %d MiB during"
                            + " the uploads, %d MiB over the whole attack; slowloris: %d closed at"
                            + " once, last closed after %d ms (opened in %d ms), trickler closed after %d ms; recovery %d ms%n",
                    XMX,
                    answers,
                    healthy,
                    healthDuringUploads.size(),
                    slowestProbeMs.get(),
                    mib(baseline),
                    mib(uploadPeakUsed),
                    mib(totalPeakUsed),
                    closedAtOnce,
                    lastClosedMs,
                    openedMs,
                    trickleClosedAfterMs.get(),
                    recoveryMs);
            assertTrue(openedMs < HEADER_TIMEOUT.toMillis(), "opened within the header timeout: " + openedMs + " ms");
            // The trickler and the probe's kept-alive connection hold a place each.
            assertTrue(
                    closedAtOnce >= HELD - MAX_CONNECTIONS && closedAtOnce <= HELD - MAX_CONNECTIONS + 2,
                    "connections past the limit are closed at once: " + closedAtOnce);
            assertTrue(
                    lastClosedMs < HEADER_TIMEOUT.toMillis() + 3000,
                    "all closed by the header timeout: " + lastClosedMs);
            assertTrue(
                    trickleClosedAfterMs.get() >= 0 && trickleClosedAfterMs.get() < HEADER_TIMEOUT.toMillis() + 3000,
                    "a trickling head is closed too: " + trickleClosedAfterMs.get());
            assertTrue(recoveryMs < 5000, "recovered in " + recoveryMs + " ms");
            assertTrue(ingest.alive(), "ingest is alive in " + XMX);
            assertFalse(ingest.output().contains("OutOfMemoryError"));
        }
    }

    /** Sends a head and, unless answered at once, all but the last byte of the body; returns the status. */
    private static int slowUpload(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/samples HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                            + UPLOAD_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                return statusOf(s.getInputStream()); // refused before the body
            } catch (SocketTimeoutException e) {
                // not answered: the body is expected
            }
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < UPLOAD_BYTES - 1; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, UPLOAD_BYTES - 1 - sent));
            }
            out.flush();
            s.setSoTimeout(30_000);
            return statusOf(s.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    private static int statusOf(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                return -2;
            }
            n += r;
        }
        return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }

    /** One header byte every 300 ms, never the end of the head. */
    private static void trickle(int port, AtomicBoolean go, AtomicLong closedAfterMs) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("POST /v1/samples HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (go.get()) {
                out.write('a');
                out.flush();
                sleep(300);
                if (TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) > 20) {
                    return;
                }
            }
        } catch (IOException e) {
            closedAfterMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    private static boolean closedByPeer(Socket s, long timeoutMs) {
        try {
            s.setSoTimeout((int) Math.max(1, timeoutMs));
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Milliseconds from the end of the attack until /health and a real write both answer 200. */
    private static long recover(IngestChildProcess ingest, long attackEnd) {
        long deadline = attackEnd + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (status(ingest.url("/health")) == 200 && write(ingest.url("/v1/samples")) == 200) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attackEnd);
            }
            sleep(50);
        }
        return Long.MAX_VALUE;
    }

    private static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            System.out.println("probe " + url + ": " + e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int write(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"samples\":[{\"name\":\"up\",\"labels\":{\"job\":\"recovery\"},"
                                                    + "\"value\":1}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int count(Map<Integer, AtomicInteger> answers, int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
