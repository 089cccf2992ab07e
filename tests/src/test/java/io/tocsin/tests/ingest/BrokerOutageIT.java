package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Sample;
import io.tocsin.tests.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker goes away in the middle of a load and comes back. Timeline:
 * 0-2 s eight clients post batches of 100 samples; at 2 s the broker stops; while it is down
 * the in-flight budget fills and ingest answers 503 with Retry-After (clients wait and resend);
 * at ~8 s it restarts, the records held by the producer are delivered and the waiting requests
 * answered 200; clients go on 3 s more. Then every sample of every 200 is in the topic.
 */
@ExtendWith(KafkaBroker.class)
class BrokerOutageIT {
    private static final int CLIENTS = 8;
    private static final int BATCH = 100;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger okAfterRestart = new AtomicInteger();
    private final AtomicReference<String> unexpected = new AtomicReference<>();
    private volatile boolean restarted;

    @Test
    void answers503DuringTheOutageAndLosesNoAcknowledgedSample() throws Exception {
        // A budget of 5 batches: the 8 clients fill it as soon as Kafka stops acknowledging.
        try (IngestOnBroker ingest = IngestOnBroker.start(Map.of("TOCSIN_INGEST_MAX_IN_FLIGHT", "500"))) {
            HttpClient http = HttpClient.newHttpClient();
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a bound even if something hangs
            AtomicReference<Long> endAt = new AtomicReference<>(stopAt);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> send(http, ingest.url("/v1/samples"), client, endAt)));
            }
            try {
                Thread.sleep(2000);
                KafkaBroker.stopBroker();
                Thread.sleep(6000);
            } finally {
                KafkaBroker.restartBroker();
            }
            restarted = true;
            Thread.sleep(3000);
            endAt.set(System.nanoTime());
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertEquals(null, unexpected.get());
        assertTrue(unavailable.get() > 0, "ingest said 503 while the broker was down");
        assertTrue(okAfterRestart.get() > 0, "and 200 again once it was back");

        Set<Long> inTopic = new HashSet<>();
        for (Sample s : TopicReader.readToEnd(
                Topics.SAMPLES, Sample.class, s -> run.equals(s.labels().get("run")), Duration.ofSeconds(30))) {
            inTopic.add((long) s.value());
        }
        Set<Long> lost = new HashSet<>(acknowledged);
        lost.removeAll(inTopic);
        assertEquals(Set.of(), lost, "acknowledged samples missing from " + Topics.SAMPLES);
        System.out.printf(
                "outage: %d samples acknowledged, %d 503 answers, %d samples in the topic, 0 lost%n",
                acknowledged.size(), unavailable.get(), inTopic.size());
    }

    /** One client: posts batches until told to stop, resending a batch after a 503 as a well-behaved client does. */
    private void send(HttpClient http, String url, int client, AtomicReference<Long> endAt) {
        long seq = 0;
        try {
            while (System.nanoTime() < endAt.get()) {
                long first = client * 10_000_000L + seq;
                seq += BATCH;
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < BATCH; i++) {
                    body.append(i == 0 ? "" : ",")
                            .append("{\"name\":\"outage_probe\",\"labels\":{\"run\":\"")
                            .append(run)
                            .append("\",\"client\":\"")
                            .append(client)
                            .append("\"},\"value\":")
                            .append(first + i)
                            .append('}');
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(45))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                body.append(']').toString()))
                        .build();
                while (true) {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        for (int i = 0; i < BATCH; i++) {
                            acknowledged.add(first + i);
                        }
                        if (restarted) {
                            okAfterRestart.incrementAndGet();
                        }
                        break;
                    }
                    if (r.statusCode() != 503
                            || r.headers().firstValue("Retry-After").isEmpty()) {
                        unexpected.compareAndSet(null, r.statusCode() + " " + r.body());
                        return;
                    }
                    unavailable.incrementAndGet();
                    if (System.nanoTime() > endAt.get()) {
                        return;
                    }
                    Thread.sleep(
                            Long.parseLong(r.headers().firstValue("Retry-After").get()) * 1000);
                }
            }
        } catch (Exception e) {
            unexpected.compareAndSet(null, e.toString());
        }
    }
}
