package io.tocsin.tests.bench;

import io.tocsin.core.json.Json;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleDecoder;
import io.tocsin.ingest.samples.SampleLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Load driver, not a test: samples/s that one thread decodes from POST /v1/samples bodies (the
 * 500-sample batches of {@link IngestThroughput}, four labels each), nothing else running: the
 * decoder's share of ingest's CPU. One-second rounds after a warm-up; the median is reported.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.SampleDecodeThroughput -Dexec.args=15
 * (the argument is the number of measured rounds.)
 */
public final class SampleDecodeThroughput {
    private static final int BATCH = 500;

    private SampleDecodeThroughput() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        SampleDecoder decoder = new SampleDecoder(
                new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)), Clock.systemUTC());
        byte[] body = body();
        round(decoder, body, 5_000); // warm-up: JIT
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rates[r] = round(decoder, body, 1_000);
            System.out.printf("round %d: %,.0f samples/s%n", r + 1, rates[r]);
        }
        Arrays.sort(rates);
        System.out.printf(
                "POST /v1/samples decoding, one thread: %,.0f samples/s (median of %d rounds)%n",
                rates[rounds / 2], rounds);
    }

    private static double round(SampleDecoder decoder, byte[] body, long millis) {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long decoded = 0;
        while (System.nanoTime() < end) {
            if (!(decoder.decode(body) instanceof DecodeResult.Accepted accepted) || accepted.size() != BATCH) {
                throw new IllegalStateException("the benchmark body was refused");
            }
            decoded += BATCH;
        }
        return decoded / ((System.nanoTime() - start) / 1e9);
    }

    /** The shape IngestThroughput sends: no timestamps, a counter, four labels over 5,000 series. */
    private static byte[] body() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            items.add(Map.of(
                    "name",
                    "http_requests_total",
                    "value",
                    (double) i,
                    "kind",
                    "counter",
                    "labels",
                    Map.of(
                            "job",
                            "shop",
                            "instance",
                            "web-" + i % 50,
                            "route",
                            "/r" + i / 50,
                            "status",
                            i % 20 == 0 ? "500" : "200")));
        }
        return Json.write(Map.of("samples", items));
    }
}
