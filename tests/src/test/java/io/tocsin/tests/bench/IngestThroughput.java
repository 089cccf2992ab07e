package io.tocsin.tests.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.Json;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.xerial.snappy.Snappy;

/**
 * Load driver, not a test: samples/s acknowledged through POST /v1/samples (batches of 500) and
 * through remote-write (batches of 500), beside a plain KafkaProducer writing the same records
 * (same key, value and producer settings); then p99 request latency at half of the /v1/samples
 * rate; then heap and answers during a 10x overload burst. Everything runs in this JVM on a real
 * broker: the 2 cores are shared by broker, ingest and load generator, as in one-process mode.
 * Run: mvn -B -q install -DskipTests && MAVEN_OPTS=-Xmx1g mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.IngestThroughput -Dexec.args=10
 *        -Dexec.cleanupDaemonThreads=false
 * (the argument is the seconds per throughput phase; the whole run takes about 12x that.)
 * Each throughput phase also reports samples per CPU-second of this whole process (broker, writer
 * and, for HTTP, the load generator): on a machine shared with other work the rates swing with
 * the neighbours' load, the CPU cost of a sample much less.
 */
public final class IngestThroughput {
    private static final int BATCH = 500;
    private static final int SERIES = 5_000;
    private static final int CONCURRENCY = 128;
    private static final int ROUNDS = 3;

    private static Vertx vertx;

    private IngestThroughput() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createDirectories(Path.of("target", "bench-" + UUID.randomUUID()));
        vertx = Vertx.vertx();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (EmbeddedBroker broker = EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()))) {
            TopicAdmin.ensureTopics(broker.bootstrap(), 4, 1);
            KafkaSettings kafka = new KafkaSettings(broker.bootstrap());

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            IngestService ingest = new IngestService(
                    vertx, IngestConfig.fromEnv(Map.of(), kafka).withPort(0), registry);
            int port = ingest.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            WebClient client = WebClient.create(
                    vertx,
                    new WebClientOptions()
                            .setDefaultHost("127.0.0.1")
                            .setDefaultPort(port)
                            .setKeepAlive(true),
                    // Enough connections to overload ingest, and a bounded queue so that the load
                    // generator does not buffer the burst itself.
                    new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(512));

            List<Buffer> json = jsonBodies();
            List<Buffer> remote = remoteWriteBodies();
            closedLoop(client, "/v1/samples", json, false, 2, CONCURRENCY); // warm-up: JIT, connections
            closedLoop(client, "/api/v1/write", remote, true, 2, CONCURRENCY);
            // Rounds interleave the three writers, so that a neighbour's load on the shared cores
            // falls on all of them alike; medians are reported.
            double[] plainRate = new double[ROUNDS];
            double[] jsonRate = new double[ROUNDS];
            double[] rwRate = new double[ROUNDS];
            double[] plainCpu = new double[ROUNDS];
            double[] jsonCpu = new double[ROUNDS];
            double[] rwCpu = new double[ROUNDS];
            Result samples = null;
            for (int round = 0; round < ROUNDS; round++) {
                Result plainResult = plainProducer(kafka, seconds);
                plainRate[round] = plainResult.samplesPerSecond();
                plainCpu[round] = plainResult.perCpuSecond();
                samples = closedLoop(client, "/v1/samples", json, false, seconds, CONCURRENCY);
                jsonRate[round] = samples.samplesPerSecond();
                jsonCpu[round] = samples.perCpuSecond();
                Result rw = closedLoop(client, "/api/v1/write", remote, true, seconds, CONCURRENCY);
                rwRate[round] = rw.samplesPerSecond();
                rwCpu[round] = rw.perCpuSecond();
                System.out.printf(
                        "round %d: plain %,.0f/s (%,.0f per CPU-s), /v1/samples %,.0f/s (%,.0f per CPU-s, p99 %.0f ms),"
                                + " remote-write %,.0f/s (%,.0f per CPU-s, p99 %.0f ms)%n",
                        round + 1,
                        plainRate[round],
                        plainCpu[round],
                        jsonRate[round],
                        jsonCpu[round],
                        samples.p99Ms(),
                        rwRate[round],
                        rwCpu[round],
                        rw.p99Ms());
            }
            double plain = median(plainRate);
            System.out.printf(
                    "plain KafkaProducer:        %,10.0f samples/s acknowledged (median of %d)%n", plain, ROUNDS);
            System.out.printf(
                    "POST /v1/samples (500/req): %,10.0f samples/s acknowledged (%.0f%% of plain)%n",
                    median(jsonRate), 100 * median(jsonRate) / plain);
            System.out.printf(
                    "remote-write (500/req):     %,10.0f samples/s acknowledged (%.0f%% of plain)%n",
                    median(rwRate), 100 * median(rwRate) / plain);
            System.out.printf(
                    "per CPU-second of the process: plain %,.0f, /v1/samples %,.0f (%.0f%%), remote-write %,.0f (%.0f%%)%n",
                    median(plainCpu),
                    median(jsonCpu),
                    100 * median(jsonCpu) / median(plainCpu),
                    median(rwCpu),
                    100 * median(rwCpu) / median(plainCpu));
            samples = new Result(median(jsonRate), 0, 0, 0, 0, 0);

            double half = samples.samplesPerSecond() / 2;
            Result paced = openLoop(client, json, half, seconds);
            System.out.printf(
                    "POST /v1/samples at %,.0f samples/s (half): p50 %.1f ms, p99 %.1f ms, %d non-2xx%n",
                    half, paced.p50Ms(), paced.p99Ms(), paced.refused());

            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            AtomicLong peakInFlight = new AtomicLong();
            long sampler = vertx.setPeriodic(50, id -> {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakInFlight.accumulateAndGet(
                        (long) registry.get("tocsin.ingest.inflight.samples")
                                .gauge()
                                .value(),
                        Math::max);
            });
            Result burst = openLoop(client, json, samples.samplesPerSecond() * 10, Math.max(5, seconds / 2));
            vertx.cancelTimer(sampler);
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            System.out.printf(
                    "10x burst (%,.0f samples/s offered for %d s): %,.0f acknowledged/s, %d answered 503,"
                            + " %d not sent (client queue full), p99 %.1f ms; peak in flight %,d samples; heap %d MiB before,"
                            + " peak %d MiB, %d MiB after GC (broker, ingest and load generator in one JVM, max heap %d MiB)%n",
                    samples.samplesPerSecond() * 10,
                    Math.max(5, seconds / 2),
                    burst.samplesPerSecond(),
                    burst.refused(),
                    burst.dropped(),
                    burst.p99Ms(),
                    peakInFlight.get(),
                    before >> 20,
                    peak.get() >> 20,
                    after >> 20,
                    memory.getHeapMemoryUsage().getMax() >> 20);

            ingest.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * @param refused answers that were not 2xx (503 under overload); @param dropped requests the client could not send
     * @param perCpuSecond samples acknowledged per second of CPU used by this whole process
     */
    record Result(double samplesPerSecond, double p50Ms, double p99Ms, int refused, int dropped, double perCpuSecond) {}

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /** The same records ingest would write, straight to Kafka, acknowledged by callback. */
    private static Result plainProducer(KafkaSettings kafka, int seconds) throws Exception {
        List<Sample> samples = samples(0);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (Sample s : samples) {
            records.add(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), Json.write(s)));
        }
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                kafka.durableProducer("bench-plain"), new StringSerializer(), new ByteArraySerializer())) {
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            int i = 0;
            while (System.nanoTime() < warm) {
                producer.send(records.get(i++ % records.size()));
            }
            producer.flush();
            long cpu = cpuNanos();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                // Fresh records each time, as ingest serialises each sample it receives.
                Sample s = samples.get(i++ % samples.size());
                producer.send(
                        new ProducerRecord<>(
                                Topics.SAMPLES, null, System.currentTimeMillis(), s.seriesId(), Json.write(s)),
                        (m, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            double cpuSeconds = (cpuNanos() - cpu) / 1e9;
            return new Result(acked.get() / ((System.nanoTime() - start) / 1e9), 0, 0, 0, 0, acked.get() / cpuSeconds);
        }
    }

    /** {@code concurrency} requests always outstanding for {@code seconds}. */
    private static Result closedLoop(
            WebClient client, String path, List<Buffer> bodies, boolean snappy, int seconds, int concurrency)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong acked = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Future<Void>> loops = new ArrayList<>();
        long cpu = cpuNanos();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            Promise<Void> done = Promise.promise();
            loop(client, path, bodies, snappy, c, end, acked, refused, latencies, done);
            loops.add(done.future());
        }
        Future.all(loops).toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        Result r = result(acked.get(), (System.nanoTime() - start) / 1e9, latencies, refused.get());
        return new Result(
                r.samplesPerSecond(), r.p50Ms(), r.p99Ms(), r.refused(), 0, acked.get() / ((cpuNanos() - cpu) / 1e9));
    }

    private static void loop(
            WebClient client,
            String path,
            List<Buffer> bodies,
            boolean snappy,
            int n,
            long end,
            AtomicLong acked,
            AtomicInteger refused,
            ConcurrentLinkedQueue<Long> latencies,
            Promise<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete();
            return;
        }
        long t0 = System.nanoTime();
        request(client, path, snappy).sendBuffer(bodies.get(n % bodies.size())).onComplete(ar -> {
            latencies.add(System.nanoTime() - t0);
            if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                acked.addAndGet(BATCH);
            } else if (ar.succeeded()) {
                refused.incrementAndGet();
            }
            loop(client, path, bodies, snappy, n + 1, end, acked, refused, latencies, done);
        });
    }

    /** Requests started at a fixed rate whatever the answers take: latency as a client at that rate sees it. */
    private static Result openLoop(WebClient client, List<Buffer> bodies, double samplesPerSecond, int seconds)
            throws Exception {
        double perMs = samplesPerSecond / BATCH / 1000;
        AtomicLong acked = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Vertx vertx = IngestThroughput.vertx;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong issued = new AtomicLong();
        Promise<Void> finished = Promise.promise();
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            if (now >= end) {
                vertx.cancelTimer(id);
                vertx.setPeriodic(10, w -> {
                    if (outstanding.get() == 0) {
                        vertx.cancelTimer(w);
                        finished.tryComplete();
                    }
                });
                return;
            }
            long due = (long) ((now - start) / 1e6 * perMs);
            while (issued.get() < due) {
                long n = issued.getAndIncrement();
                long t0 = System.nanoTime();
                outstanding.incrementAndGet();
                request(client, "/v1/samples", false)
                        .sendBuffer(bodies.get((int) (n % bodies.size())))
                        .onComplete(ar -> {
                            outstanding.decrementAndGet();
                            latencies.add(System.nanoTime() - t0);
                            if (ar.succeeded() && ar.result().statusCode() == 200) {
                                acked.addAndGet(BATCH);
                            } else if (ar.succeeded()) {
                                refused.incrementAndGet();
                            } else {
                                dropped.incrementAndGet();
                            }
                        });
            }
        });
        finished.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        Result r = result(acked.get(), (System.nanoTime() - start) / 1e9, latencies, refused.get());
        return new Result(r.samplesPerSecond(), r.p50Ms(), r.p99Ms(), r.refused(), dropped.get(), 0);
    }

    private static HttpRequest<Buffer> request(WebClient client, String path, boolean snappy) {
        HttpRequest<Buffer> r = client.request(HttpMethod.POST, path);
        if (snappy) {
            return r.putHeader("Content-Encoding", "snappy")
                    .putHeader("Content-Type", "application/x-protobuf")
                    .putHeader("X-Prometheus-Remote-Write-Version", "0.1.0");
        }
        return r.putHeader("Content-Type", "application/json");
    }

    private static Result result(long acked, double seconds, ConcurrentLinkedQueue<Long> latencies, int refused) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(acked / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), refused, 0, 0);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** Batch {@code b}: 500 samples over {@link #SERIES} series, a few labels each, timestamps of now. */
    private static List<Sample> samples(int b) {
        long now = System.currentTimeMillis();
        List<Sample> out = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            int series = (b * BATCH + i) % SERIES;
            out.add(new Sample(
                    "http_requests_total",
                    Labels.of(
                            "job",
                            "shop",
                            "instance",
                            "web-" + series % 50,
                            "route",
                            "/r" + series / 50,
                            "status",
                            i % 20 == 0 ? "500" : "200"),
                    b * 1000 + i,
                    now,
                    SampleKind.COUNTER));
        }
        return out;
    }

    /** JSON bodies without timestamps (so they stay valid however long the run) for 20 different batches. */
    private static List<Buffer> jsonBodies() {
        List<Buffer> out = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Sample s : samples(b)) {
                items.add(Map.of("name", s.name(), "labels", s.labels().map(), "value", s.value(), "kind", "counter"));
            }
            out.add(Buffer.buffer(Json.write(Map.of("samples", items))));
        }
        return out;
    }

    /** Snappy WriteRequests; timestamps are now, so a run must stay well inside the 1 h window. */
    private static List<Buffer> remoteWriteBodies() throws Exception {
        List<Buffer> out = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            WriteRequest.Builder w = WriteRequest.newBuilder();
            for (Sample s : samples(b)) {
                Types.TimeSeries.Builder t = Types.TimeSeries.newBuilder()
                        .addLabels(Types.Label.newBuilder().setName("__name__").setValue(s.name()));
                s.labels()
                        .map()
                        .forEach((k, v) ->
                                t.addLabels(Types.Label.newBuilder().setName(k).setValue(v)));
                w.addTimeseries(t.addSamples(
                        Types.Sample.newBuilder().setValue(s.value()).setTimestamp(s.timestampMs())));
            }
            out.add(Buffer.buffer(Snappy.compress(w.build().toByteArray())));
        }
        return out;
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
