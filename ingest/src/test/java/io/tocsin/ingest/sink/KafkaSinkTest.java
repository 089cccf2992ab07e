package io.tocsin.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.Json;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.sink.SinkRefusedException.Reason;
import io.tocsin.ops.Health;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class KafkaSinkTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final MockProducer<String, byte[]> producer = TestSinks.manualProducer();
    private final KafkaSink sink = TestSinks.ready(producer, 3, clock);
    private Context context;

    @BeforeEach
    void context(Vertx vertx) {
        context = vertx.getOrCreateContext();
    }

    @Test
    void aBatchCompletesOnlyAfterKafkaAcknowledgedEveryRecord() throws Exception {
        Future<Integer> written = sink.write(samples(2), context);
        producer.completeNext();
        drain(context);
        assertFalse(written.isComplete(), "one of two records is still unacknowledged");

        producer.completeNext();
        assertEquals(2, await(written));
        assertEquals(0, sink.inFlight());
    }

    @Test
    void theBatchCompletesOnTheCallersContext() throws Exception {
        CompletableFuture<Context> seen = new CompletableFuture<>();
        sink.write(samples(1), context).onComplete(ar -> seen.complete(Vertx.currentContext()));
        producer.completeNext(); // on the test thread, as Kafka would on its I/O thread
        assertSame(context, seen.get(5, TimeUnit.SECONDS));
    }

    @Test
    void recordsAreKeyedBySeriesStampedWithTheSampleTimeAndCarryTheSampleAsJson() {
        Sample sample = new Sample(
                "http_requests_total",
                Labels.of("job", "api", "status", "500"),
                7,
                NOW.toEpochMilli() - 1000,
                SampleKind.COUNTER);
        sink.write(List.of(sample), context);

        ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertEquals(Topics.SAMPLES, record.topic());
        assertEquals("http_requests_total{job=\"api\", status=\"500\"}", record.key());
        assertEquals(sample.timestampMs(), record.timestamp());
        assertEquals(sample, Json.read(record.value(), Sample.class));
    }

    @Test
    void oneUnacknowledgedRecordFailsTheWholeBatchAsKafkaUnavailable() throws Exception {
        Future<Integer> written = sink.write(samples(2), context);
        producer.completeNext();
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for tocsin.samples.v1-0: 30000 ms has passed"));

        SinkRefusedException refused = refusal(written);
        assertEquals(Reason.KAFKA_UNAVAILABLE, refused.reason());
        assertEquals("Kafka did not acknowledge 1 of 2 samples (TimeoutException); retry later", refused.getMessage());
        assertEquals(0, sink.inFlight());
    }

    @Test
    void aBatchThatDoesNotFitInFlightIsRefusedWholeAndNothingOfItIsSent() throws Exception {
        sink.write(samples(2), context);
        SinkRefusedException refused = refusal(sink.write(samples(2), context));

        assertEquals(Reason.OVERLOADED, refused.reason());
        assertEquals("overloaded: 2 samples are waiting for Kafka; retry later", refused.getMessage());
        assertEquals(2, producer.history().size());
    }

    @Test
    void acknowledgementsMakeRoomForTheNextBatch() throws Exception {
        Future<Integer> first = sink.write(samples(3), context);
        IntStream.range(0, 3).forEach(i -> producer.completeNext());
        assertEquals(3, await(first));

        Future<Integer> second = sink.write(samples(3), context);
        IntStream.range(0, 3).forEach(i -> producer.completeNext());
        assertEquals(3, await(second));
    }

    @Test
    void failedRecordsFreeTheirRoomToo() throws Exception {
        Future<Integer> first = sink.write(samples(3), context);
        IntStream.range(0, 3).forEach(i -> producer.errorNext(new TimeoutException("expired")));
        refusal(first);
        assertEquals(0, sink.inFlight());
    }

    @Test
    void aSendThatThrowsRefusesTheBatchAndFreesItsRoom() throws Exception {
        producer.sendException = new IllegalStateException("Cannot perform operation after producer has been closed");
        SinkRefusedException refused = refusal(sink.write(samples(2), context));

        assertEquals(Reason.KAFKA_UNAVAILABLE, refused.reason());
        assertEquals(
                "Kafka did not acknowledge 2 of 2 samples (IllegalStateException); retry later", refused.getMessage());
        assertEquals(0, sink.inFlight());
    }

    @Test
    void aBatchLargerThanTheByteBudgetIsRefusedAsOverloaded() throws Exception {
        KafkaSink tight = new KafkaSink(producer, 100, 10, clock);
        tight.fetchMetadata();
        assertEquals(
                Reason.OVERLOADED, refusal(tight.write(samples(1), context)).reason());
        assertTrue(producer.history().isEmpty());
        assertEquals(0, tight.inFlight());
    }

    @Test
    void writesAreRefusedUntilMetadataWasFetched() throws Exception {
        KafkaSink cold = new KafkaSink(producer, 3, KafkaSink.MAX_IN_FLIGHT_BYTES, clock);
        SinkRefusedException refused = refusal(cold.write(samples(1), context));

        assertEquals(Reason.KAFKA_UNAVAILABLE, refused.reason());
        assertEquals("Kafka is unavailable (no metadata for tocsin.samples.v1); retry later", refused.getMessage());
        assertTrue(producer.history().isEmpty());
    }

    @Test
    void healthIsDownUntilMetadataWasFetched() {
        KafkaSink cold = new KafkaSink(producer, 3, KafkaSink.MAX_IN_FLIGHT_BYTES, clock);
        assertEquals(
                Health.Check.down("no metadata for tocsin.samples.v1 and tocsin.logs.v1: metadata not fetched yet"),
                cold.check());
        cold.fetchMetadata();
        assertTrue(cold.check().up());
    }

    @Test
    void healthIsDownWithTheReasonWhenMetadataCannotBeFetched() {
        producer.partitionsForException =
                new TimeoutException("Topic tocsin.samples.v1 not present in metadata after 2000 ms.");
        sink.fetchMetadata();
        assertEquals(
                Health.Check.down("no metadata for tocsin.samples.v1 and tocsin.logs.v1: TimeoutException: "
                        + "Topic tocsin.samples.v1 not present in metadata after 2000 ms."),
                sink.check());
    }

    @Test
    void healthIsDownForTenSecondsAfterAFailedSend() {
        assertEquals(Health.Check.up("0 samples in flight"), sink.check());
        sink.write(samples(1), context);
        producer.errorNext(new TimeoutException("expired"));
        assertEquals(Health.Check.down("send failed at 2023-11-14T22:13:20Z: TimeoutException: expired"), sink.check());

        clock.advance(Duration.ofSeconds(10));
        assertFalse(sink.check().up(), "still within 10 s");
        clock.advance(Duration.ofMillis(1));
        assertTrue(sink.check().up());
    }

    @Test
    void aRecordKafkaRefusesAsTooLargeFailsTheBatchAsTooLargeAndLeavesHealthUp() throws Exception {
        Future<Integer> written = sink.write(samples(2), context);
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("The message is 1048700 bytes when serialized"));

        SinkRefusedException refused = refusal(written);
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertEquals(
                "Kafka refused 1 of 2 records as too large (RecordTooLargeException); shorten them or split the batch",
                refused.getMessage());
        assertEquals(Health.Check.up("0 samples in flight"), sink.check(), "the client's record, not Kafka's health");
    }

    @Test
    void aRecordOverTheRecordLimitIsRefusedBeforeAnythingOfTheBatchIsSent() throws Exception {
        Sample huge = new Sample(
                "up",
                Labels.of("blob", "x".repeat(KafkaSink.MAX_RECORD_BYTES)),
                1,
                NOW.toEpochMilli(),
                SampleKind.GAUGE);
        SinkRefusedException refused = refusal(sink.write(List.of(samples(1).get(0), huge), context));

        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertTrue(refused.getMessage().startsWith("sample 1 is 2000"), refused.getMessage());
        assertTrue(producer.history().isEmpty());
        assertEquals(0, sink.inFlight());
        assertTrue(sink.check().up());
    }

    @Test
    void healthIsUpAgainAsSoonAsKafkaAcknowledgesASendAfterTheFailure() {
        sink.write(samples(1), context);
        producer.errorNext(new TimeoutException("expired"));
        assertFalse(sink.check().up());

        sink.write(samples(1), context);
        producer.completeNext();
        assertEquals(Health.Check.up("0 samples in flight"), sink.check());
    }

    @Test
    void failuresFromAnOutageNoLongerCountOnceKafkaAnswersAgain() {
        sink.write(samples(1), context);
        producer.errorNext(new TimeoutException("expired"));
        assertFalse(sink.check().up());

        sink.forgetFailures();
        assertEquals(Health.Check.up("0 samples in flight"), sink.check());
    }

    @Test
    void writesAreRefusedAtOnceWhileKafkaDoesNotAnswerAndNothingIsSent() throws Exception {
        boolean[] reachable = {false};
        sink.refuseWhileUnreachable(() -> reachable[0]);
        SinkRefusedException refused = refusal(sink.write(samples(1), context));

        assertEquals(Reason.KAFKA_UNAVAILABLE, refused.reason());
        assertEquals("Kafka is unavailable (it has not answered for a few seconds); retry later", refused.getMessage());
        assertTrue(producer.history().isEmpty());

        reachable[0] = true;
        Future<Integer> written = sink.write(samples(1), context);
        producer.completeNext();
        assertEquals(1, await(written));
    }

    // ---- helpers ----

    private static List<Sample> samples(int n) {
        return IntStream.range(0, n)
                .mapToObj(
                        i -> new Sample("up", Labels.of("instance", "i" + i), 1, NOW.toEpochMilli(), SampleKind.GAUGE))
                .toList();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static SinkRefusedException refusal(Future<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
        return assertInstanceOf(SinkRefusedException.class, e.getCause());
    }

    /** Waits until everything already queued on the context has run. */
    private static void drain(Context context) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> done.complete(null));
        done.get(5, TimeUnit.SECONDS);
    }
}
