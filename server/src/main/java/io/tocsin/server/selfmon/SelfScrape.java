package io.tocsin.server.selfmon;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code ./tocsin up} scraping its own /metrics into its own rules (the tocsin-self pack): a
 * collectors file with one scrape of ingest's /metrics, handed to ingest as
 * TOCSIN_INGEST_COLLECTORS_FILE. One target is enough there: the three services of one process
 * share one registry, so each /metrics serves all of them. A collectors file the user gave wins
 * (they list Tocsin's /metrics in it themselves, see deploy/collectors.self.yml).
 *
 * <p>The scrape asks only for the metrics that the rules loaded at start select
 * ({@code /metrics?name[]=...}): of the ~5,000 series /metrics has, nearly all are Kafka client
 * and Streams meters that no rule reads, and exposing, parsing, producing and evaluating them every
 * interval was a third of the idle process's CPU (BENCHMARKS.md, "Idle cost", session 13). A rule
 * that a reload adds on another of Tocsin's own metrics is fed after the next start.
 */
public final class SelfScrape {
    public static final String JOB = "tocsin";

    /** The longest name[] question asked; beyond it the scrape reads all of /metrics. */
    static final int MAX_QUERY = 3_000;

    private SelfScrape() {}

    /** The collectors file's text, or empty when self-scraping is off or cannot be set up. */
    static Optional<String> collectors(Map<String, String> vars) {
        return collectors(vars, selected(new Env(vars)));
    }

    /**
     * @param metrics the metric names to ask for; empty: all of /metrics
     */
    static Optional<String> collectors(Map<String, String> vars, SortedSet<String> metrics) {
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
                    url: 'http://127.0.0.1:%d/metrics%s'
                    interval: %ds
                """.formatted(JOB, port, query(metrics), seconds));
    }

    /**
     * {@code ?name[]=a&name[]=b}, bracket-escaped as a URI needs; empty for every metric, and when
     * the question would be longer than {@link #MAX_QUERY}: an HTTP server refuses a request line
     * past its limit (Vert.x: 4,096 bytes) with 414, and a self-scrape that always fails is worse
     * than one that reads everything.
     */
    public static String query(SortedSet<String> metrics) {
        String q = metrics.stream().map(m -> "name%5B%5D=" + m).collect(Collectors.joining("&", "?", ""));
        return metrics.isEmpty() || q.length() > MAX_QUERY ? "" : q;
    }

    /** The metric names the rules select (a ratio's denominator too); log rules read none. */
    public static SortedSet<String> selected(RuleSet rules) {
        SortedSet<String> out = new TreeSet<>();
        for (Rule r : rules.all()) {
            if (r.select() != null && r.select().metric() != null) {
                out.add(r.select().metric());
            }
            if (r.over() != null && r.over().metric() != null) {
                out.add(r.over().metric());
            }
        }
        return out;
    }

    /**
     * What the rule directory selects; empty (scrape everything) when it does not load, where
     * the rules service will say why, or selects no metric at all.
     */
    private static SortedSet<String> selected(Env env) {
        try {
            RuleLoader.Loaded loaded = RuleLoader.load(env.path(Setting.TOCSIN_RULES_DIR));
            return loaded.ok() ? selected(loaded.rules()) : new TreeSet<>();
        } catch (RuntimeException e) {
            return new TreeSet<>();
        }
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
