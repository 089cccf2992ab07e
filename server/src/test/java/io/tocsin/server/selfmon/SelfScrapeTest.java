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
    void aCollectorsFileOfTheUsersOwnOrAnIntervalOfZeroOrAnyPortTurnsItOff() {
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_INGEST_COLLECTORS_FILE", "mine.yml")));
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_SELF_SCRAPE_INTERVAL", "0")));
        assertEquals(Optional.empty(), SelfScrape.collectors(Map.of("TOCSIN_INGEST_PORT", "0")));
    }
}
