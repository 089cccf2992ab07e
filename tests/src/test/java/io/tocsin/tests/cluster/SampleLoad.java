package io.tocsin.tests.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of samples posted to the ingests in turn, every {@link #PERIOD_MS}: background
 * series that no rule selects, and one {@code cluster_load{job}} series per episode, hot (100)
 * for the episode's first {@link #HOT_MS} and 0 afterwards, so each episode's alert fires once and
 * resolves once. A batch an ingest does not take is offered to the next one; only batches
 * answered 2xx count as acknowledged, and each of their samples is remembered by identity.
 */
final class SampleLoad implements AutoCloseable {
    static final long PERIOD_MS = 200;
    static final long HOT_MS = 25_000;
    static final int BACKGROUND_SERIES = 40;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> ingests;
    private final Map<String, Long> episodes = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long hotUntilMs = Long.MAX_VALUE;
    private int next;
    private long seq;

    SampleLoad(List<String> ingestUrls) {
        this.ingests = List.copyOf(ingestUrls);
        this.thread = new Thread(this::run, "cluster-load");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A new job whose load is hot from now for {@link #HOT_MS}. */
    void startEpisode(String job) {
        episodes.put(job, System.currentTimeMillis());
    }

    /** The page series ({@code cluster_page}) is hot until this is called. */
    void endPage() {
        hotUntilMs = System.currentTimeMillis();
    }

    Set<String> episodes() {
        return Set.copyOf(episodes.keySet());
    }

    /** When the last episode's hot part ends (0 if none). */
    long lastHotEndMs() {
        return episodes.values().stream().mapToLong(s -> s + HOT_MS).max().orElse(0);
    }

    /** The identity ({@link #identity}) of every sample some ingest answered 2xx for. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long refusedBatches() {
        return refused.get();
    }

    static String identity(String name, Map<String, String> labels, long ts, double value) {
        return name + new java.util.TreeMap<>(labels) + "@" + ts + "=" + value;
    }

    private void run() {
        while (running) {
            long started = System.currentTimeMillis();
            post(batch(started));
            long left = PERIOD_MS - (System.currentTimeMillis() - started);
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private record Item(String name, Map<String, String> labels, double value) {}

    private List<Item> batch(long now) {
        List<Item> items = new java.util.ArrayList<>();
        for (int lane = 0; lane < BACKGROUND_SERIES; lane++) {
            items.add(new Item("cluster_flow", Map.of("lane", "l" + lane), seq++));
        }
        episodes.forEach((job, start) ->
                items.add(new Item("cluster_load", Map.of("job", job), now - start < HOT_MS ? 100 : 0)));
        items.add(new Item("cluster_page", Map.of("job", "page"), now < hotUntilMs ? 100 : 0));
        return items;
    }

    /** Offers the batch to each ingest in turn, starting with the next in rotation, until one takes it. */
    private void post(List<Item> items) {
        long ts = System.currentTimeMillis();
        JsonArray samples = new JsonArray();
        items.forEach(i -> samples.add(new JsonObject()
                .put("name", i.name())
                .put("labels", new JsonObject(Map.copyOf(i.labels())))
                .put("value", i.value())
                .put("timestamp", ts)));
        String body = new JsonObject().put("samples", samples).encode();
        next = (next + 1) % ingests.size();
        for (int attempt = 0; attempt < ingests.size(); attempt++) {
            String url = ingests.get((next + attempt) % ingests.size());
            if (accepted(url, body)) {
                items.forEach(i -> acknowledged.add(identity(i.name(), i.labels(), ts, i.value())));
                return;
            }
            refused.incrementAndGet();
        }
    }

    private static boolean accepted(String url, String body) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url + "/v1/samples"))
                            .timeout(Duration.ofSeconds(35))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(40_000);
    }
}
