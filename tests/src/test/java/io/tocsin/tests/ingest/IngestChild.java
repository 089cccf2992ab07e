package io.tocsin.tests.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;

/**
 * Ingest alone in a JVM of its own, configured from the environment as the launcher does, for
 * tests that measure its heap: prints {@code READY <port>}, then every 100 ms
 * {@code HEAP <peak used> <used>} (bytes, garbage included; the peak since the last {@code reset}
 * line on stdin, which also runs a GC). Exits when stdin closes, so it never outlives the test JVM.
 */
public final class IngestChild {
    private static volatile long peakUsed;

    private IngestChild() {}

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        IngestConfig config = IngestConfig.fromEnv(System.getenv(), new KafkaSettings(args[0]))
                .withPort(0);
        int port = new IngestService(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .start()
                .toCompletionStage()
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        System.out.println("READY " + port);
        Thread sampler = new Thread(IngestChild::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("reset")) {
                System.gc();
                peakUsed = 0;
            }
        }
        System.exit(0);
    }

    /** The heap in use (garbage included) every 10 ms. */
    private static void sample() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lastPrint = 0;
        while (true) {
            long used = memory.getHeapMemoryUsage().getUsed();
            peakUsed = Math.max(peakUsed, used);
            long now = System.nanoTime();
            if (now - lastPrint > TimeUnit.MILLISECONDS.toNanos(100)) {
                System.out.println("HEAP " + peakUsed + " " + used);
                lastPrint = now;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
