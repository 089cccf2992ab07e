package io.tocsin.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink's push stamps, over a producer that knows the topics' partitions. */
@ExtendWith(VertxExtension.class)
class KafkaSinkStampTest {
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final int PARTITIONS = 4;

    private final MutableClock clock = new MutableClock(NOW);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(cluster(), true, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaSink sink = TestSinks.ready(producer, 1_000, clock);
    private Context context;

    @BeforeEach
    void context(Vertx vertx) {
        context = vertx.getOrCreateContext();
    }

    @Test
    void everySampleRecordOfAPushCarriesItsArrivalAndTheLastInEachPartitionSaysSo() {
        sink.write(samples(40), context);

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(40, sent.size());
        Map<Integer, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<String, byte[]> r = sent.get(i);
            assertEquals(KafkaSink.partitionOf(r.key(), PARTITIONS), r.partition(), "the default partitioner's choice");
            lastIndex.put(r.partition(), i);
        }
        List<Integer> lastsSeen = new ArrayList<>();
        String writer = null;
        for (int i = 0; i < sent.size(); i++) {
            PushStamp s = stampOf(sent.get(i));
            assertEquals(NOW.toEpochMilli(), s.arrivalMs());
            writer = writer == null ? s.writer() : writer;
            assertEquals(writer, s.writer(), "one writer per sink");
            assertEquals(lastIndex.get(sent.get(i).partition()) == i, s.last());
            if (s.last()) {
                lastsSeen.add(sent.get(i).partition());
                for (int p = 0; p < PARTITIONS; p++) {
                    assertEquals(lastIndex.containsKey(p), s.touched(p));
                }
            }
        }
        assertEquals(lastIndex.size(), lastsSeen.size(), "one last record per partition touched");
    }

    @Test
    void twoPushesInTheSameMillisecondGetTwoArrivals() {
        sink.write(samples(1), context);
        sink.write(samples(1), context);

        assertEquals(NOW.toEpochMilli(), stampOf(producer.history().get(0)).arrivalMs());
        assertEquals(NOW.toEpochMilli() + 1, stampOf(producer.history().get(1)).arrivalMs());
    }

    @Test
    void logRecordsAreNotStamped() {
        LogRecord line = new LogRecord(Labels.of("app", "web"), NOW.toEpochMilli(), 0, "hello", Map.of());
        sink.write(samples(1), List.of(line), context);

        ProducerRecord<String, byte[]> log = producer.history().get(1);
        assertEquals(Topics.LOGS, log.topic());
        assertNull(log.headers().lastHeader(PushStamp.HEADER));
        assertNull(log.partition(), "left to the producer's partitioner");
    }

    @Test
    void withoutPartitionMetadataSamplesGoUnstampedToTheProducersPartitioner() {
        MockProducer<String, byte[]> bare = TestSinks.manualProducer();
        KafkaSink plain = new KafkaSink(bare, 10, KafkaSink.MAX_IN_FLIGHT_BYTES, clock);
        plain.fetchMetadata(); // an empty cluster: no partitions known
        plain.write(samples(1), context);

        assertNull(bare.history().get(0).headers().lastHeader(PushStamp.HEADER));
    }

    private static PushStamp stampOf(ProducerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(PushStamp.HEADER);
        assertNotNull(h, "stamped");
        return PushStamp.decode(h.value());
    }

    private static List<Sample> samples(int n) {
        return IntStream.range(0, n)
                .mapToObj(
                        i -> new Sample("up", Labels.of("instance", "i" + i), 1, NOW.toEpochMilli(), SampleKind.GAUGE))
                .toList();
    }

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new PartitionInfo(Topics.SAMPLES, p, node, new Node[] {node}, new Node[] {node}));
            partitions.add(new PartitionInfo(Topics.LOGS, p, node, new Node[] {node}, new Node[] {node}));
        }
        assertTrue(partitions.size() > 0);
        return new Cluster("test", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
    }
}
