package io.tocsin.tests.rules;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.sink.PushStamps;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opentest4j.AssertionFailedError;

/**
 * The rules service alone on the real broker: samples are produced to tocsin.samples.v1 as
 * ingest would, and every alert state change on tocsin.alerts.v1 is collected (read_committed,
 * as the notifier reads it). Each harness has its own application id and rule group names.
 */
final class RulesHarness implements AutoCloseable {
    /**
     * A partition is idle after 2 s without data: these tests send few series, so a silent series is
     * often alone in its partition, and its absence is judged only once that partition counts as idle.
     */
    static final TopologySettings FAST = new TopologySettings(
                    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(2))
            .withIdleAfter(Duration.ofSeconds(2));

    static final int PARTITIONS = 4;

    private final Vertx vertx = Vertx.vertx();
    private final PushStamps stamps =
            new PushStamps("it-" + UUID.randomUUID().toString().substring(0, 8));
    private final KafkaSettings kafka = new KafkaSettings(KafkaBroker.bootstrap());
    private final KafkaProducer<String, Sample> producer;
    private final KafkaProducer<String, LogRecord> logProducer;
    private final KafkaConsumer<String, Alert> consumer;
    private final Thread reader;
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final String appId = "rules-it-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running = true;
    private RulesService service;
    private int port;

    private final TopologySettings topology;

    RulesHarness(String rulesYaml) throws IOException {
        this(rulesYaml, FAST);
    }

    RulesHarness(String rulesYaml, TopologySettings topology) throws IOException {
        this.topology = topology;
        TopicAdmin.ensureTopics(kafka.bootstrap(), PARTITIONS, 1);
        dir = Files.createDirectories(Path.of("target", appId));
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules").resolve("it.rules.yml"), rulesYaml);
        producer = new KafkaProducer<>(
                kafka.durableProducer(appId + "-producer"),
                new StringSerializer(),
                JsonSerde.of(Sample.class).serializer());
        logProducer = new KafkaProducer<>(
                kafka.durableProducer(appId + "-logs"),
                new StringSerializer(),
                JsonSerde.of(LogRecord.class).serializer());
        consumer = new KafkaConsumer<>(
                kafka.committedReader(appId + "-reader", appId + "-reader"),
                new StringDeserializer(),
                JsonSerde.of(Alert.class).deserializer());
        consumer.subscribe(List.of(Topics.ALERTS));
        reader = new Thread(this::read, appId + "-alerts");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts (or restarts) the rules service; {@code stateName} names its local state directory. */
    void startRules(String stateName) throws Exception {
        RulesSettings settings = new RulesSettings(
                kafka, "127.0.0.1", 0, dir.resolve("rules"), dir.resolve(stateName), 1, appId, topology);
        service = new RulesService(vertx, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        port = service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /**
     * {@link #startRules} on another thread, so a test can go on sending while the service starts,
     * as collectors do: a slow start must not leave a gap in the data that a window would rightly
     * judge as absence.
     */
    CompletableFuture<Void> startRulesAsync(String stateName) {
        return CompletableFuture.runAsync(() -> {
            try {
                startRules(stateName);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    String rulesUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path rulesFile() {
        return dir.resolve("rules").resolve("it.rules.yml");
    }

    void stopRules() throws Exception {
        service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        service = null;
    }

    void send(String name, SampleKind kind, double value, String... labels) {
        Sample s = new Sample(name, Labels.of(labels), value, System.currentTimeMillis(), kind);
        producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
    }

    /** A sample with its own event time, to a chosen partition: late, batched or replayed input. */
    void sendAt(int partition, long ts, String name, SampleKind kind, double value, String... labels) {
        Sample s = new Sample(name, Labels.of(labels), value, ts, kind);
        producer.send(new ProducerRecord<>(Topics.SAMPLES, partition, ts, s.seriesId(), s));
    }

    /** A sample bound for a chosen partition, as part of a push. */
    record Placed(int partition, Sample sample) {}

    /**
     * One push as ingest writes it: every sample to its partition, each record stamped with the
     * push ({@link io.tocsin.core.wire.PushStamp}), the push appended whole under one lock.
     */
    void sendPush(List<Placed> push) {
        synchronized (stamps) {
            int[] partitions = push.stream().mapToInt(Placed::partition).toArray();
            PushStamp[] stamped = stamps.stamp(partitions, PARTITIONS, System.currentTimeMillis());
            for (int i = 0; i < push.size(); i++) {
                Sample s = push.get(i).sample();
                RecordHeaders headers = new RecordHeaders();
                headers.add(PushStamp.HEADER, stamped[i].encode());
                producer.send(
                        new ProducerRecord<>(Topics.SAMPLES, partitions[i], s.timestampMs(), s.seriesId(), s, headers));
            }
        }
    }

    void sendLog(String line, String... labels) {
        LogRecord r = new LogRecord(Labels.of(labels), System.currentTimeMillis(), 0, line, Map.of());
        logProducer.send(new ProducerRecord<>(Topics.LOGS, null, r.timestampMs(), r.streamId(), r));
    }

    void flush() {
        producer.flush();
        logProducer.flush();
    }

    List<Alert> alerts(String alertname) {
        return alerts.stream()
                .filter(a -> alertname.equals(a.labels().get("alertname")))
                .toList();
    }

    /** Polls the collected alerts until one matches, or fails after the timeout. */
    Alert await(Duration timeout, String what, Predicate<Alert> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Alert a : alerts) {
                if (match.test(a)) {
                    return a;
                }
            }
            sleep(20);
        }
        throw new AssertionFailedError(
                "timed out after " + timeout.toSeconds() + " s waiting for " + what + "; saw " + alerts);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value() != null
                        && r.value().source() != null
                        && r.value().source().startsWith("rule:")) {
                    alerts.add(r.value());
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            stopRules();
        }
        running = false;
        reader.join(5000);
        producer.close();
        logProducer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
