package io.tocsin.server.selfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.ingest.collect.CollectorsConfig;
import io.tocsin.ingest.collect.CollectorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfScrapeTest {
    @Test
    void byDefaultUpScrapesIngestsMetricsEveryFifteenSeconds(@TempDir Path dir) throws Exception {
        Map<String, String> env = SelfScrape.apply(Map.of(), dir);
        Path file = Path.of(env.get("TOCSIN_INGEST_COLLECTORS_FILE"));
        CollectorsConfig c = CollectorsFile.load(file, Map.of());
        assertEquals(1, c.http().size());
        assertEquals("http://127.0.0.1:9470/metrics", c.http().get(0).url().toString());
        assertEquals(Duration.ofSeconds(15), c.http().get(0).interval());
        assertEquals(SelfScrape.JOB, c.http().get(0).name());
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void itFollowsTheIngestPortAndTheInterval() {
        String text = SelfScrape.collectors(Map.of("TOCSIN_INGEST_PORT", "18470", "TOCSIN_SELF_SCRAPE_INTERVAL", "1m"))
                .orElseThrow();
        assertTrue(text.contains("http://127.0.0.1:18470/metrics"), text);
        assertTrue(text.contains("interval: 60s"), text);
    }

    @Test
    void itAsksOnlyForTheMetricsTheRulesSelect(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("a.rules.yml"), """
                groups:
                  - name: a
                    rules:
                      - alert: Lag
                        select: 'kafka_consumer_fetch_manager_records_lag_max{client_id=~".*rules.*"}'
                        aggregate: max
                        window: 1m
                        condition: '> 10'
                      - alert: Errors
                        select: 'http_requests_total{code=~"5.."}'
                        over: 'http_requests_total'
                        aggregate: rate
                        window: 1m
                        condition: '> 0.01'
                      - alert: AuthFailures
                        logs: '{app="shop"}'
                        line_regex: 'authentication failed'
                        aggregate: rate
                        window: 1m
                        condition: '> 5'
                """);
        Map<String, String> env = SelfScrape.apply(Map.of("TOCSIN_RULES_DIR", rules.toString()), dir);
        CollectorsConfig c = CollectorsFile.load(Path.of(env.get("TOCSIN_INGEST_COLLECTORS_FILE")), Map.of());
        assertEquals(
                "http://127.0.0.1:9470/metrics?name%5B%5D=http_requests_total"
                        + "&name%5B%5D=kafka_consumer_fetch_manager_records_lag_max",
                c.http().get(0).url().toString());
    }

    @Test
    void everyMetricWhenTheRulesDoNotLoadOrSelectNone(@TempDir Path dir) throws Exception {
        assertEquals("", SelfScrape.query(new TreeSet<>()));
        TreeSet<String> many = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            many.add("app_metric_number_" + i + "_total");
        }
        assertEquals("", SelfScrape.query(many), "a request line the server would refuse asks for everything");
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("x.rules.yml"), "groups: [ {name: x, rules: [ {alert: X} ] } ]\n");
        String text = SelfScrape.collectors(Map.of("TOCSIN_RULES_DIR", bad.toString()))
                .orElseThrow();
        assertTrue(text.contains("url: 'http://127.0.0.1:9470/metrics'"), text);
    }

    @Test
    void aCollectorsFileOfTheUsersOwnOrAnIntervalOfZeroOrAnyPortTurnsItOff() {
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_INGEST_COLLECTORS_FILE", "mine.yml")));
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_SELF_SCRAPE_INTERVAL", "0")));
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_INGEST_PORT", "0")));
    }
}
