package io.tocsin.tests.bench.windowed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples per second into Tocsin besides the scenario: 10,000 gauge series bg_load{shard, series}
 * (100 shards) that a rule reads and never fires on, posted in batches of 1,000 without a
 * timestamp (ingest stamps them), 20 batches a second at most in flight.
 */
final class BackgroundLoad implements AutoCloseable {
    private static final int BATCH = 1_000;
    private final ScheduledExecutorService timer;
    private final AtomicLong sent = new AtomicLong();

    private BackgroundLoad(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static BackgroundLoad start(String ingestUrl, int perSecond) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        BackgroundLoad load = new BackgroundLoad(timer);
        if (perSecond <= 0) {
            return load;
        }
        String[] bodies = new String[10];
        for (int b = 0; b < bodies.length; b++) {
            StringBuilder s = new StringBuilder("{\"samples\":[");
            for (int k = 0; k < BATCH; k++) {
                int series = b * BATCH + k;
                s.append("{\"name\":\"bg_load\",\"labels\":{\"shard\":\"s")
                        .append(series % 100)
                        .append("\",\"series\":\"")
                        .append(series)
                        .append("\"},\"value\":")
                        .append(series % 7)
                        .append("},");
            }
            s.setLength(s.length() - 1);
            bodies[b] = s.append("]}").toString();
        }
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(ingestUrl + "/v1/samples");
        long periodMicros = 1_000_000L * BATCH / perSecond;
        AtomicLong next = new AtomicLong();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(20);
        timer.scheduleAtFixedRate(
                () -> {
                    if (!inFlight.tryAcquire()) {
                        return; // ingest is behind: drop this batch rather than queue without bound
                    }
                    String body = bodies[(int) (next.getAndIncrement() % bodies.length)];
                    http.sendAsync(
                                    HttpRequest.newBuilder(uri)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> {
                                inFlight.release();
                                if (e == null && r.statusCode() == 200) {
                                    load.sent.addAndGet(BATCH);
                                }
                            });
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        return load;
    }

    String sent() {
        return sent.get() + " samples";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
