package io.tocsin.tests.notifier;

import static io.tocsin.tests.notifier.NotifierOnBroker.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.api.AlertApi;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Four clients post faster than a notifier with a low backlog bound lets them, on a real broker:
 * every alert answered 200 is in GET /api/v2/alerts from then on, batches past the bound are
 * refused whole with 429 and Retry-After, and once the clients have retried every batch each alert
 * is on Kafka once and held in its group. Bounded: 1,200 alerts, about 30 s.
 */
@ExtendWith(KafkaBroker.class)
class PostBackPressureIT {
    private static final String CONFIG = """
            route:
              receiver: none
              group_by: [alertname]
              group_wait: 30s
              routes:
                - matchers: ['shape="own"']
                  group_by: ['...']
            receivers:
              - name: none
            """;
    private static final int CLIENTS = 4;
    private static final int BATCHES_PER_CLIENT = 3;
    private static final int BATCH = 100;
    private static final int ALERTS = CLIENTS * BATCHES_PER_CLIENT * BATCH;
    /** One batch: while any posted alert waits for its group, a second client's batch is refused. */
    private static final long BOUND = BATCH;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private record Refusal(String retryAfter, String body) {}

    @Test
    void everyAcknowledgedAlertStaysVisibleRefusedBatchesAreRetriedAndEachAlertIsHeldOnce() throws Exception {
        String run = "bp" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(Path.of("target", "it-backpressure-" + run));
        Vertx vertx = Vertx.vertx();
        try (NotifierOnBroker notifier =
                NotifierOnBroker.startBounded(vertx, KafkaBroker.bootstrap(), CONFIG, dir, "it-" + run, BOUND)) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<Refusal> refusals = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            AtomicBoolean posting = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            // The reader: whatever was acknowledged before a GET began must be in its answer.
            Future<?> reader = pool.submit(() -> {
                while (posting.get()) {
                    Set<String> before = new HashSet<>(acknowledged);
                    Set<String> shown = instances(notifier.url, run);
                    reads.incrementAndGet();
                    before.removeAll(shown);
                    if (!before.isEmpty()) {
                        synchronized (missing) {
                            missing.addAll(before);
                        }
                    }
                }
                return null;
            });
            String endsAt = Instant.now().plusSeconds(3600).toString();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                        int from = (client * BATCHES_PER_CLIENT + b) * BATCH;
                        String body = batch(run, from, from + BATCH, endsAt);
                        // A retrying client: the same batch again after the Retry-After, until taken.
                        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                        while (true) {
                            HttpResponse<String> r = post(notifier.url, body);
                            if (r.statusCode() == 200) {
                                for (int i = from; i < from + BATCH; i++) {
                                    acknowledged.add(run + "-" + i);
                                }
                                break;
                            }
                            assertEquals(429, r.statusCode(), r.body());
                            String retryAfter =
                                    r.headers().firstValue("Retry-After").orElse(null);
                            synchronized (refusals) {
                                refusals.add(new Refusal(retryAfter, r.body()));
                            }
                            assertTrue(System.nanoTime() < giveUp, "a batch was refused for 60 s");
                            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(120, TimeUnit.SECONDS);
            }
            // Until every post is held: the reads go on checking meanwhile.
            Eventually.await(
                    Duration.ofSeconds(60),
                    "every posted alert held in its group",
                    () -> gauge(notifier, AlertApi.UNHELD_METER) == 0 ? true : null);
            posting.set(false);
            reader.get(60, TimeUnit.SECONDS);
            pool.shutdown();

            System.out.printf(
                    "PostBackPressureIT: %d alerts taken, %d batches refused (429) and retried, %d GETs checked%n",
                    acknowledged.size(), refusals.size(), reads.get());
            assertEquals(ALERTS, acknowledged.size());
            assertEquals(List.of(), missing, "acknowledged alerts a GET did not show (of " + reads + " GETs)");
            assertTrue(!refusals.isEmpty(), "four clients past a bound of one batch were never refused");
            for (Refusal r : refusals) {
                assertTrue(r.retryAfter() != null && Integer.parseInt(r.retryAfter()) >= 1, "Retry-After: " + r);
                assertTrue(new JsonObject(r.body()).getString("error").contains("retry later"), r.body());
            }
            assertEquals(
                    refusals.size() * (double) BATCH,
                    notifier.registry.get(AlertApi.REJECTED_METER).counter().count());
            // Held: GET (now from the groups alone, no post is kept) shows each alert once.
            assertEquals(ALERTS, instances(notifier.url, run).size());
            assertEquals(ALERTS, fingerprints(notifier.url, run));
            // A refused batch wrote nothing: each alert is on the topic exactly once.
            Map<String, Integer> records = recordsPerAlert(run);
            assertEquals(ALERTS, records.size());
            assertEquals(Set.of(1), new HashSet<>(records.values()), "records per alert");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static String batch(String run, int from, int to, String endsAt) {
        JsonArray out = new JsonArray();
        for (int i = from; i < to; i++) {
            out.add(new JsonObject()
                    .put(
                            "labels",
                            new JsonObject()
                                    .put("alertname", "Storm" + (i % 3))
                                    .put("instance", run + "-" + i)
                                    .put("shape", i % 2 == 0 ? "own" : "shared")
                                    .put("run", run))
                    .put("endsAt", endsAt));
        }
        return out.encode();
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonArray alerts(String url, String run) {
        HttpResponse<String> r =
                get(url + "/api/v2/alerts?filter=" + URLEncoder.encode("run=\"" + run + "\"", StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return new JsonArray(r.body());
    }

    private static Set<String> instances(String url, String run) {
        Set<String> out = new HashSet<>();
        alerts(url, run)
                .forEach(a -> out.add(((JsonObject) a).getJsonObject("labels").getString("instance")));
        return out;
    }

    private static int fingerprints(String url, String run) {
        JsonArray all = alerts(url, run);
        Set<String> distinct = new HashSet<>();
        all.forEach(a -> distinct.add(((JsonObject) a).getString("fingerprint")));
        assertEquals(all.size(), distinct.size(), "an alert listed twice");
        return distinct.size();
    }

    private static double gauge(NotifierOnBroker n, String meter) {
        return n.registry.get(meter).gauge().value();
    }

    /** Records of this run on the alerts topic, per alert (key: the fingerprint). */
    private static Map<String, Integer> recordsPerAlert(String run) {
        byte[] mark = run.getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                new KafkaSettings(KafkaBroker.bootstrap())
                        .committedReader("it-" + run + "-read", "it-" + run + "-read"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "the alerts topic was not read within 30 s");
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    // The instance label names the run whatever the value's encoding.
                    if (r.value() != null && contains(r.value(), mark)) {
                        out.merge(r.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }

    private static boolean contains(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
