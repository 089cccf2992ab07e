package io.tocsin.tests.bench.floor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads the decisions read_committed, POSTs those of the emit phase to the receiver with 64 calls
 * under way (the notifier's per-destination bound), writes one ledger record per delivery and
 * commits the offsets once a poll's deliveries are all recorded: at-least-once with a ledger, the
 * least the notifier's delivery promises.
 */
final class FloorDelivery implements AutoCloseable {
    static final String LEDGER = "floor.ledger";
    private static final String EMIT = "\"phase\":\"emit\"";

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> ledger;
    private final WebClient client;
    private final String target;
    private final Semaphore inFlight = new Semaphore(64);
    private final Thread loop = new Thread(this::run, "floor-delivery");
    private volatile boolean running = true;

    private FloorDelivery(
            Vertx vertx, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> ledger, String target) {
        this.consumer = consumer;
        this.ledger = ledger;
        this.target = target;
        this.client = WebClient.create(
                vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    }

    static FloorDelivery start(
            Vertx vertx, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> ledger, String target) {
        FloorDelivery d = new FloorDelivery(vertx, consumer, ledger, target);
        d.loop.start();
        return d;
    }

    private void run() {
        consumer.subscribe(List.of(FloorTopology.DECISIONS));
        while (running) {
            List<Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (new String(r.value(), StandardCharsets.UTF_8).contains(EMIT)) {
                    sent.add(deliver(r));
                } // else routed to no receiver, as the driver's other phases are
            }
            if (!sent.isEmpty()) {
                try {
                    Future.join(sent).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("deliveries did not end", e);
                }
                ledger.flush();
                consumer.commitSync();
            }
        }
        consumer.close();
    }

    private Future<?> deliver(ConsumerRecord<String, byte[]> r) {
        inFlight.acquireUninterruptibly();
        return client.postAbs(target).sendBuffer(Buffer.buffer(r.value())).onComplete(done -> {
            inFlight.release();
            ledger.send(new ProducerRecord<>(LEDGER, r.key(), r.value()));
        });
    }

    @Override
    public void close() throws Exception {
        running = false;
        loop.join(10_000);
    }
}
