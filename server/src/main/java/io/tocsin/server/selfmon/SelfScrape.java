package io.tocsin.server.selfmon;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./tocsin up} scraping its own /metrics into its own rules (the tocsin-self pack): a
 * collectors file with one scrape of ingest's /metrics, handed to ingest as
 * TOCSIN_INGEST_COLLECTORS_FILE. One target is enough there: the three services of one process
 * share one registry, so each /metrics serves all of them. A collectors file the user gave wins
 * (they list Tocsin's /metrics in it themselves, see deploy/collectors.self.yml).
 */
public final class SelfScrape {
    public static final String JOB = "tocsin";

    private SelfScrape() {}

    /** The collectors file's text, or empty when self-scraping is off or cannot be set up. */
    static Optional<String> collectors(Map<String, String> vars) {
        Env env = new Env(vars);
        Duration interval = env.duration(Setting.TOCSIN_SELF_SCRAPE_INTERVAL);
        int port = env.port(Setting.TOCSIN_INGEST_PORT);
        if (interval.isZero()
                || port == 0
                || env.given(Setting.TOCSIN_INGEST_COLLECTORS_FILE).isPresent()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, interval.toSeconds());
        return Optional.of("""
                # Written by ./tocsin up: Tocsin's own metrics, for rules-examples/tocsin-self.
                scrape:
                  - name: %s
                    url: http://127.0.0.1:%d/metrics
                    interval: %ds
                """.formatted(JOB, port, seconds));
    }

    /** The environment to start the services with: {@code vars}, plus the self-scrape collectors file when it applies. */
    public static Map<String, String> apply(Map<String, String> vars, Path dataDir) throws IOException {
        Optional<String> text = collectors(vars);
        if (text.isEmpty()) {
            return vars;
        }
        Path file = Files.createDirectories(dataDir).resolve("self-collectors.yml");
        Files.writeString(file, text.get());
        Map<String, String> out = new HashMap<>(vars);
        out.put(Setting.TOCSIN_INGEST_COLLECTORS_FILE.name(), file.toString());
        return out;
    }
}
