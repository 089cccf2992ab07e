package io.tocsin.tests.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients of {@link AlertmanagerSideBySide}, the same for both systems: batches of new alerts
 * POSTed by a few threads, and how long until GET /api/v2/alerts shows them.
 */
public final class AlertPosts {
    static final int BATCH = 100;

    private AlertPosts() {}

    /**
     * @param refused 429 answers (each batch retried after its Retry-After until taken)
     * @param refusedPerClient the same, client by client
     */
    public record Posted(int alerts, double seconds, double p99Ms, int refused, List<Integer> refusedPerClient) {
        public double rate() {
            return alerts / seconds;
        }

        String refusals() {
            return refused == 0 ? "no 429" : refused + " x 429 " + refusedPerClient;
        }
    }

    /**
     * {@code clients} threads POST batches of 100 alerts, every alert new labels, until {@code max}
     * alerts or {@code seconds} have gone by; alerts/s counts the acknowledged ones. A batch
     * refused with 429 is sent again after its Retry-After, as Prometheus' notifier retries (the
     * wait counts in the time, not in the POST p99); the 429s are counted per client.
     */
    public static Posted post(String url, int clients, String label, String phase, int max, int seconds)
            throws Exception {
        String endsAt = Instant.now().plusSeconds(3600).toString();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<Integer>> senders = new ArrayList<>();
        AtomicInteger[] refused = new AtomicInteger[clients];
        for (int c = 0; c < clients; c++) {
            AtomicInteger mine = refused[c] = new AtomicInteger();
            senders.add(pool.submit(() -> {
                int sent = 0;
                int from;
                while (System.nanoTime() < deadline && (from = next.getAndAdd(BATCH)) < max) {
                    String body = batch(label, phase, from, Math.min(max, from + BATCH), endsAt);
                    // A taken batch is never dropped: retried past the deadline too, for at most a minute.
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (true) {
                        long s = System.nanoTime();
                        HttpResponse<String> r =
                                AlertReads.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .timeout(Duration.ofSeconds(30))
                                        .build());
                        nanos.add(System.nanoTime() - s);
                        if (r.statusCode() == 200) {
                            break;
                        }
                        if (r.statusCode() != 429 || System.nanoTime() > giveUp) {
                            throw new IllegalStateException(url + " POST answered " + r.statusCode() + ": " + r.body());
                        }
                        mine.incrementAndGet();
                        Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(
                                r.headers().firstValue("Retry-After").orElse("1"))));
                    }
                    sent += Math.min(max, from + BATCH) - from;
                }
                return sent;
            }));
        }
        int total = 0;
        for (Future<Integer> f : senders) {
            total += f.get();
        }
        double took = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        List<Integer> perClient =
                java.util.Arrays.stream(refused).map(AtomicInteger::get).toList();
        return new Posted(
                total,
                took,
                p99(nanos) / 1e6,
                perClient.stream().mapToInt(Integer::intValue).sum(),
                perClient);
    }

    static String batch(String label, String phase, int from, int to, String endsAt) {
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            body.append(i == from ? "" : ",")
                    .append("{\"labels\":{\"alertname\":\"Bench")
                    .append(i % 10)
                    .append("\",\"instance\":\"i-")
                    .append(i)
                    .append("\",\"phase\":\"")
                    .append(phase)
                    .append("\",\"run\":\"")
                    .append(label)
                    .append("\"},\"annotations\":{\"summary\":\"bench alert\"},")
                    .append("\"endsAt\":\"")
                    .append(endsAt)
                    .append("\"}");
        }
        return body.append(']').toString();
    }

    /** Seconds until GET /api/v2/alerts shows all {@code expected} alerts of the run, NaN if not within the limit. */
    public static double visible(String url, String run, int expected, int limitSeconds) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(limitSeconds);
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = AlertReads.count(url, "run=\"" + run + "\"");
            if (seen >= expected) {
                return (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(20);
        }
        System.out.printf(
                "  %s: %d of %d visible after %d s%s%n", url, seen, expected, limitSeconds, BenchNotifier.backlog(url));
        return Double.NaN;
    }

    static double p99(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    static String seen(double seconds) {
        return Double.isNaN(seconds) ? "NOT within the limit" : String.format("%.2f s", seconds);
    }
}
