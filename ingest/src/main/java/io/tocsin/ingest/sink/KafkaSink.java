package io.tocsin.ingest.sink;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tocsin.core.json.Json;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.core.wire.Sample;
import io.tocsin.ops.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of samples to {@link Topics#SAMPLES}; a batch's future completes only when
 * Kafka acknowledged every one of its records. At most a fixed number of samples (and bytes)
 * wait for acknowledgement at any time: a batch that does not fit is refused whole, never queued.
 *
 * <p>{@link #write} runs on the event loop, so it must never block: metadata is fetched on a
 * worker before the first write, and the byte budget stays below the producer's buffer, which
 * is what would otherwise make {@code send()} wait up to {@code max.block.ms}.
 */
public final class KafkaSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);
    private static final AtomicInteger CLIENT_SEQ = new AtomicInteger();

    /** A failed send keeps the health check down this long, or until a later send is acknowledged. */
    static final Duration FAILURE_MEMORY = Duration.ofSeconds(10);

    private static final long PRODUCER_BUFFER_BYTES = 64L * 1024 * 1024;
    static final int MAX_IN_FLIGHT_BYTES = (int) (PRODUCER_BUFFER_BYTES * 3 / 4);
    /**
     * The largest record (key + value) sent: the producer's max.request.size and the broker's
     * message.max.bytes are both about 1 MiB by default, less batch and record headers.
     */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    /** The longest a request waits for Kafka's acknowledgement; the README states it. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private record Failure(Instant at, String reason) {}

    private final Producer<String, byte[]> producer;
    private final int maxInFlightSamples;
    private final Semaphore samplePermits;
    private final Semaphore bytePermits;
    private final Clock clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile String metadataProblem = "metadata not fetched yet";
    private volatile Failure lastFailure;
    private volatile boolean closed;
    private volatile BooleanSupplier kafkaReachable = () -> true;
    private KafkaClientMetrics clientMetrics;
    /** The partition count of {@link Topics#SAMPLES} from the last metadata fetch; 0 before one. */
    private volatile int samplePartitions;
    /** Guarded by itself: a push is stamped and appended whole under it. */
    private final PushStamps stamps = new PushStamps("ingest-" + UUID.randomUUID());

    KafkaSink(Producer<String, byte[]> producer, int maxInFlightSamples, int maxInFlightBytes, Clock clock) {
        this.producer = producer;
        this.maxInFlightSamples = maxInFlightSamples;
        this.samplePermits = new Semaphore(maxInFlightSamples);
        this.bytePermits = new Semaphore(maxInFlightBytes);
        this.clock = clock;
    }

    /** A sink over a durable producer (acks=all, idempotent). Creates the client: call off the event loop. */
    public static KafkaSink connect(KafkaSettings kafka, int maxInFlightSamples, Clock clock) {
        Properties p = kafka.durableProducer("tocsin-ingest-" + CLIENT_SEQ.incrementAndGet());
        // send() runs on the event loop: if it must wait for metadata or buffer space, give up fast.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(PRODUCER_BUFFER_BYTES));
        // An HTTP client is waiting: a record Kafka has not acknowledged within 10 s is refused
        // (503, the client resends), rather than after the default 2 minutes. A 2xx still means
        // acknowledged; a 503 may mean written (a resend is then a duplicate, never a loss).
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT.toMillis()));
        Producer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        return new KafkaSink(producer, maxInFlightSamples, MAX_IN_FLIGHT_BYTES, clock);
    }

    /** The most samples one batch may hold: a larger one could never be accepted. */
    public int capacity() {
        return maxInFlightSamples;
    }

    public int inFlight() {
        return maxInFlightSamples - samplePermits.availablePermits();
    }

    /**
     * Sends every sample, keyed by series, stamped with its own time. The future completes on
     * {@code context} with the number written, or fails with a {@link SinkRefusedException}.
     */
    public Future<Integer> write(List<Sample> samples, Context context) {
        return write(samples, List.of(), context);
    }

    /**
     * Sends samples to {@link Topics#SAMPLES} keyed by series and log records to {@link Topics#LOGS}
     * keyed by stream, each stamped with its own time. All of them count against one budget, and
     * the future completes on {@code context} only when every record was acknowledged.
     */
    public Future<Integer> write(List<Sample> samples, List<LogRecord> logs, Context context) {
        if (!kafkaReachable.getAsBoolean()) {
            return refuse(
                    SinkRefusedException.Reason.KAFKA_UNAVAILABLE,
                    "Kafka is unavailable (it has not answered for a few seconds); retry later");
        }
        if (metadataProblem != null) {
            refreshMetadata(context.owner());
            return refuse(
                    SinkRefusedException.Reason.KAFKA_UNAVAILABLE,
                    "Kafka is unavailable (no metadata for " + Topics.SAMPLES + "); retry later");
        }
        int n = samples.size() + logs.size();
        if (n == 0) {
            return Future.succeededFuture(0); // no record, hence no callback to complete the batch
        }
        if (!samplePermits.tryAcquire(n)) {
            return refuse(SinkRefusedException.Reason.OVERLOADED, overloaded());
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        samples.forEach(s -> records.add(record(s)));
        logs.forEach(l -> records.add(record(l)));
        int[] sizes = records.stream().mapToInt(KafkaSink::size).toArray();
        for (int i = 0; i < n; i++) {
            if (sizes[i] > MAX_RECORD_BYTES) {
                samplePermits.release(n);
                String what = i < samples.size() ? "sample " + i : "log record " + (i - samples.size());
                return refuse(
                        SinkRefusedException.Reason.TOO_LARGE,
                        what + " is " + sizes[i]
                                + " bytes as a Kafka record, larger than the record limit of " + MAX_RECORD_BYTES
                                + " bytes; shorten its labels, line or fields");
            }
        }
        int bytes = (int)
                Math.min(Integer.MAX_VALUE, Arrays.stream(sizes).asLongStream().sum());
        if (!bytePermits.tryAcquire(bytes)) {
            samplePermits.release(n);
            return refuse(SinkRefusedException.Reason.OVERLOADED, overloaded());
        }
        PendingBatch batch = new PendingBatch(n, context);
        // Stamped and appended under one lock: a writer's pushes reach every partition in the order
        // of their arrival stamps, each push's records together (see PushStamp).
        synchronized (stamps) {
            stampPush(records, samples.size());
            send(records, sizes, batch);
        }
        return batch.future();
    }

    /**
     * Puts each sample record in the partition the default partitioner would choose for its key
     * (murmur2 of the key bytes), so that the stamps can say which partitions the push touched.
     * Without metadata yet (no partition count) the records go unstamped, as before stamps.
     */
    private void stampPush(List<ProducerRecord<String, byte[]>> records, int sampleCount) {
        int partitionCount = samplePartitions;
        if (partitionCount <= 0 || sampleCount == 0) {
            return;
        }
        int[] partitions = new int[sampleCount];
        for (int i = 0; i < sampleCount; i++) {
            partitions[i] = partitionOf(records.get(i).key(), partitionCount);
        }
        PushStamp[] stamped = stamps.stamp(partitions, partitionCount, clock.millis());
        for (int i = 0; i < sampleCount; i++) {
            ProducerRecord<String, byte[]> r = records.get(i);
            RecordHeaders headers = new RecordHeaders();
            headers.add(PushStamp.HEADER, stamped[i].encode());
            records.set(i, new ProducerRecord<>(r.topic(), partitions[i], r.timestamp(), r.key(), r.value(), headers));
        }
    }

    /** What Kafka's default partitioner does with a keyed record. */
    static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    private void send(List<ProducerRecord<String, byte[]>> records, int[] sizes, PendingBatch batch) {
        int n = records.size();
        for (int i = 0; i < n; i++) {
            int size = sizes[i];
            try {
                producer.send(records.get(i), (metadata, e) -> acked(batch, size, e));
            } catch (RuntimeException e) {
                // A send that throws (closed producer, buffer exhausted) refuses it and the rest.
                int unsentBytes = Arrays.stream(sizes, i, n).sum();
                samplePermits.release(n - i);
                bytePermits.release(unsentBytes);
                if (!PendingBatch.isRecordsFault(e)) {
                    recordFailure(e);
                }
                batch.failed(n - i, e);
                break;
            }
        }
    }

    private void acked(PendingBatch batch, int size, Exception e) {
        samplePermits.release();
        bytePermits.release(size);
        if (e == null) {
            if (lastFailure != null) {
                lastFailure = null; // Kafka acknowledges again: an earlier failure no longer says anything
            }
            batch.acked();
        } else {
            if (!PendingBatch.isRecordsFault(e)) {
                recordFailure(e); // a record too large says nothing about Kafka's health
            }
            batch.failed(e);
        }
    }

    private static ProducerRecord<String, byte[]> record(Sample s) {
        return new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), Json.write(s));
    }

    private static ProducerRecord<String, byte[]> record(LogRecord l) {
        return new ProducerRecord<>(Topics.LOGS, null, l.timestampMs(), l.streamId(), Json.write(l));
    }

    private static int size(ProducerRecord<String, byte[]> r) {
        return utf8Length(r.key()) + r.value().length;
    }

    /** What getBytes(UTF_8).length says, without encoding the key a second time (the producer does it). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate becomes '?' (1 byte): counting 3 only overestimates the budget
            }
        }
        return bytes;
    }

    private String overloaded() {
        return "overloaded: " + inFlight() + " samples are waiting for Kafka; retry later";
    }

    private static Future<Integer> refuse(SinkRefusedException.Reason reason, String message) {
        return Future.failedFuture(new SinkRefusedException(reason, message));
    }

    private void recordFailure(Exception e) {
        Instant now = clock.instant();
        Failure previous = lastFailure;
        lastFailure = new Failure(now, e.getClass().getSimpleName() + ": " + e.getMessage());
        if (previous == null || previous.at().isBefore(now.minus(FAILURE_MEMORY))) {
            // Once per outage, not once per record.
            log.warn("Kafka did not accept a record: {}", e.toString());
        }
    }

    /**
     * Refuses writes at once while {@code reachable} says no, instead of letting each request wait
     * out the delivery timeout against a broker that is gone.
     */
    public void refuseWhileUnreachable(BooleanSupplier reachable) {
        this.kafkaReachable = reachable;
    }

    /**
     * Kafka answers again after an outage: sends that failed while it was away say nothing about
     * now, so readiness no longer waits out {@link #FAILURE_MEMORY} for them.
     */
    public void forgetFailures() {
        lastFailure = null;
    }

    /** Blocks up to max.block.ms: call on a worker thread. */
    public void fetchMetadata() {
        try {
            int partitions = producer.partitionsFor(Topics.SAMPLES).size();
            samplePartitions = partitions;
            int logPartitions = producer.partitionsFor(Topics.LOGS).size();
            if (metadataProblem != null) {
                log.info(
                        "Kafka metadata: {} has {} partitions, {} has {}",
                        Topics.SAMPLES,
                        partitions,
                        Topics.LOGS,
                        logPartitions);
            }
            metadataProblem = null;
        } catch (RuntimeException e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!closed && !problem.equals(metadataProblem)) {
                log.warn("No Kafka metadata for {} and {}: {}", Topics.SAMPLES, Topics.LOGS, problem);
            }
            metadataProblem = problem;
        }
    }

    /**
     * Fetches metadata on a worker, at most one fetch at a time. Also keeps the topic in the
     * producer's metadata (it drops topics idle for metadata.max.idle.ms, and the next send
     * would then block the event loop to fetch it again).
     */
    public Future<Void> refreshMetadata(Vertx vertx) {
        if (closed || !refreshing.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.<Void>executeBlocking(
                        () -> {
                            fetchMetadata();
                            return null;
                        },
                        false)
                .onComplete(ar -> refreshing.set(false));
    }

    /** The "kafka" readiness check. */
    public Health.Check check() {
        String problem = metadataProblem;
        if (closed) {
            return Health.Check.down("closed");
        }
        if (problem != null) {
            return Health.Check.down("no metadata for " + Topics.SAMPLES + " and " + Topics.LOGS + ": " + problem);
        }
        Failure failure = lastFailure;
        if (failure != null && !failure.at().isBefore(clock.instant().minus(FAILURE_MEMORY))) {
            return Health.Check.down("send failed at " + failure.at() + ": " + failure.reason());
        }
        return Health.Check.up(inFlight() + " samples in flight");
    }

    /** Kafka's own producer metrics plus the in-flight gauge; unbound again by {@link #close}. */
    public void bindMetrics(MeterRegistry registry) {
        clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        Gauge.builder("tocsin.ingest.inflight.samples", this, KafkaSink::inFlight)
                .description("Samples sent to Kafka and not yet acknowledged")
                .register(registry);
    }

    /** Waits up to {@code timeout} for records already sent (close flushes), then releases the client. */
    public void close(Duration timeout) {
        closed = true;
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
