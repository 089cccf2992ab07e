package io.tocsin.notifier.api;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.dispatch.GroupView;
import io.tocsin.notifier.dispatch.GroupViews;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.silence.SilenceBook;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Load driver, not a test: GET /api/v2/alerts over HTTP from {@link AlertApi} with N held alerts,
 * each in a group of its own (the side-by-side driver's hold block), read by the JDK's HTTP client
 * into a String as that driver reads it; no Kafka and no dispatch. With {@code churn} > 0, a
 * thread replaces that many group records per second (new records, same alerts: what group_wait
 * flushes do right after a burst) while the reads run. {@code -Dbench.walk=true}: every answer
 * walks every group (no {@link GroupView} given), as before the index. Run (no install): {@code mvn -B -o -q
 * package -pl tests -am -DskipTests && java -Xmx1g -cp "$(cat tests/target/test-classpath.txt)"
 * io.tocsin.notifier.api.AlertReadBench [N] [reads] [churn/s]}
 */
public final class AlertReadBench {
    private AlertReadBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int churn = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Instant now = Instant.now();
        NotifierConfig config = NotifierConfig.parse(HeldGroups.CONFIG, "bench.yml", Map.of());
        Map<String, AlertGroup> groups = new ConcurrentHashMap<>(HeldGroups.of(n, now));
        GroupView view = new GroupView();
        List<String> ids = new ArrayList<>(groups.keySet());
        for (int i = 0; i < ids.size(); i++) {
            GroupViews.put(view, task(i), ids.get(i), groups.get(ids.get(i)));
        }
        MockProducer<String, Alert> producer = new MockProducer<>(true, null, new StringSerializer(), (t, a) -> null);
        SilenceBook silences = new SilenceBook(new MockProducer<>(), () -> EMPTY);
        AlertApi api = new AlertApi(
                producer, () -> new ArrayList<>(groups.values()), List::of, silences, () -> config, Clock.systemUTC());
        if (!Boolean.getBoolean("bench.walk")) {
            api.viewing(() -> view);
        }
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        api.mount(router);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        AtomicBoolean stop = new AtomicBoolean();
        Thread churner = new Thread(() -> {
            int at = 0;
            while (!stop.get() && churn > 0) {
                long t0 = System.nanoTime();
                for (int k = 0; k < churn / 10; k++) {
                    int k2 = at++ % ids.size();
                    String id = ids.get(k2);
                    AlertGroup g = groups.get(id);
                    TreeMap<String, String> told = new TreeMap<>();
                    g.alerts().forEach((fp, a) -> told.put(fp, a.startsAt().toString()));
                    AlertGroup flushed = new AlertGroup(
                            g.ref(),
                            g.opened(),
                            g.alerts(),
                            told,
                            Instant.now(),
                            Instant.now(),
                            g.sequence() + 1,
                            null,
                            null,
                            false,
                            null);
                    groups.put(id, flushed);
                    // the dispatch saves a flushed group to the view too: the index follows it
                    GroupViews.put(view, task(k2), id, flushed);
                }
                long left = 100_000_000 - (System.nanoTime() - t0);
                if (left > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
            }
        });
        churner.setDaemon(true);
        churner.start();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v2/alerts");
        for (String how : List.of("string", "discard")) {
            List<Long> ms = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < reads; i++) {
                long t0 = System.nanoTime();
                HttpRequest get = HttpRequest.newBuilder(uri).GET().build();
                if (how.equals("string")) {
                    bytes = http.send(get, HttpResponse.BodyHandlers.ofString())
                            .body()
                            .length();
                } else {
                    try (InputStream in = http.send(get, HttpResponse.BodyHandlers.ofInputStream())
                            .body()) {
                        byte[] buf = new byte[64 * 1024];
                        long got = 0;
                        for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                            got += r;
                        }
                        bytes = got;
                    }
                }
                ms.add((System.nanoTime() - t0) / 1_000_000);
            }
            List<Long> sorted = new ArrayList<>(ms);
            sorted.sort(null);
            System.out.printf(
                    "GET /api/v2/alerts, %d alerts, client %s, churn %d/s: in order %s ms; p50 %d, max %d; %d bytes%n",
                    n, how, churn, ms, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), bytes);
        }
        stop.set(true);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static final ReadOnlyKeyValueStore<String, Silence> EMPTY = new ReadOnlyKeyValueStore<>() {
        @Override
        public Silence get(String key) {
            return null;
        }

        @Override
        public KeyValueIterator<String, Silence> range(String from, String to) {
            return all();
        }

        @Override
        public KeyValueIterator<String, Silence> all() {
            return new KeyValueIterator<>() {
                @Override
                public void close() {}

                @Override
                public String peekNextKey() {
                    throw new java.util.NoSuchElementException();
                }

                @Override
                public boolean hasNext() {
                    return false;
                }

                @Override
                public KeyValue<String, Silence> next() {
                    throw new java.util.NoSuchElementException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return 0;
        }
    };

    /** The stream task that owns group i: four, as the driver's alerts partitions. */
    private static String task(int i) {
        return "0_" + i % 4;
    }
}
