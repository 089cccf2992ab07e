package io.tocsin.notifier.api;

import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Load driver, not a test: what GET /api/v2/alerts costs the notifier with N held alerts, each in
 * a group of its own (the side-by-side driver's hold block), without HTTP, Kafka or the dispatch
 * competing for the cores: the same steps as {@code AlertApi} (the groups, the recent posts, the
 * listing written to JSON), timed over 20 answers after 5 unmeasured ones. Run (no install; the
 * notifier's test jar is on the tests module's classpath): {@code mvn -B -o -q package -pl tests
 * -am -DskipTests && java -Xmx1g -cp "$(cat tests/target/test-classpath.txt)"
 * io.tocsin.notifier.api.AlertListingBench [N]}
 */
public final class AlertListingBench {
    private AlertListingBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Instant now = Instant.now();
        Route root =
                NotifierConfig.parse(HeldGroups.CONFIG, "bench.yml", Map.of()).root();
        List<AlertGroup> groups = new ArrayList<>(HeldGroups.of(n, now).values());
        RecentPosts recent = new RecentPosts();
        AlertView.Query all = new AlertView.Query(true, true, true, List.of(), null);
        // Each alert encoded anew per answer, then the index and each alert's JSON kept from answer
        // to answer (as AlertListings keeps them while reads come; nothing changed between answers).
        HeldIndex kept = new HeldIndex();
        for (HeldIndex encoded : java.util.Arrays.asList(null, kept)) {
            List<Long> nanos = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < 25; i++) {
                long t0 = System.nanoTime();
                AlertView view = new AlertView(List.of(), List.of(), List.of(), Map.of(), Instant.now());
                if (encoded != null && i == 0) {
                    encoded.rebuild(groups);
                }
                ListingStream s = encoded == null
                        ? view.stream(new ArrayList<>(groups), recent, root, all, JsonChunks.CHUNK)
                        : view.stream(encoded, recent, root, all, JsonChunks.CHUNK);
                bytes = s.drain().length();
                if (i >= 5) {
                    nanos.add(System.nanoTime() - t0);
                }
            }
            Collections.sort(nanos);
            System.out.printf(
                    "GET /api/v2/alerts listing, %d alerts, %s: p50 %.0f ms, p99 %.0f ms, %d bytes%n",
                    n,
                    encoded == null ? "encoded anew" : "kept JSON",
                    nanos.get(nanos.size() / 2) / 1e6,
                    nanos.get(nanos.size() - 1) / 1e6,
                    bytes);
        }
    }
}
