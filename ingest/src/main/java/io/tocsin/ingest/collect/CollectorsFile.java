package io.tocsin.ingest.collect;

import io.tocsin.ingest.config.YamlNode;
import io.tocsin.ingest.samples.SeriesRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pull collectors (TOCSIN_INGEST_COLLECTORS_FILE):
 *
 * <pre>
 * scrape:
 *   - name: api                       # job label
 *     url: http://10.0.0.5:8000/metrics
 *     interval: 15s                   # default 15s; timeout defaults to the interval, at most 10s
 *     labels: {env: prod}
 * probe:
 *   - name: shop
 *     url: https://shop.example/health
 *     interval: 30s
 *     expect_status: 200              # default: any 2xx
 *     retries: 3                      # default 0: attempts after a failed one before the check fails
 *     insecure: false                 # true accepts any certificate (expiry still reported)
 * kafka_lag:
 *   - name: workers                   # job label
 *     groups: [orders, billing]       # default: every group
 *     bootstrap: kafka:9092           # default: the cluster ingest writes to
 *     interval: 30s
 * </pre>
 *
 * Mistakes are {@link io.tocsin.ingest.config.ConfigError}s at file:line:col.
 */
public final class CollectorsFile {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> COMMON = Set.of("name", "url", "interval", "timeout", "labels");

    private CollectorsFile() {}

    public static CollectorsConfig load(Path file) {
        return read(YamlNode.load(file));
    }

    static CollectorsConfig read(YamlNode root) {
        Map<String, YamlNode> top = root.fields("the collectors file", Set.of("scrape", "probe", "kafka_lag"), Set.of());
        List<Target> out = new ArrayList<>();
        if (top.containsKey("scrape")) {
            for (YamlNode n : top.get("scrape").list("scrape")) {
                out.add(target(Target.Kind.SCRAPE, n, COMMON));
            }
        }
        if (top.containsKey("probe")) {
            Set<String> allowed = new java.util.HashSet<>(COMMON);
            allowed.add("expect_status");
            allowed.add("insecure");
            allowed.add("retries");
            for (YamlNode n : top.get("probe").list("probe")) {
                out.add(target(Target.Kind.PROBE, n, allowed));
            }
        }
        List<KafkaLagTarget> lag = new ArrayList<>();
        if (top.containsKey("kafka_lag")) {
            for (YamlNode n : top.get("kafka_lag").list("kafka_lag")) {
                lag.add(kafkaLag(n));
            }
        }
        if (out.isEmpty() && lag.isEmpty()) {
            throw root.error("no scrape, probe or kafka_lag targets");
        }
        return new CollectorsConfig(out, lag);
    }

    private static KafkaLagTarget kafkaLag(YamlNode node) {
        Map<String, YamlNode> f = node.fields("kafka_lag target", Set.of("name", "groups", "bootstrap", "interval", "labels"),
                Set.of("name"));
        List<String> groups = new ArrayList<>();
        if (f.containsKey("groups")) {
            for (YamlNode g : f.get("groups").list("groups")) {
                groups.add(g.string("group"));
            }
        }
        return new KafkaLagTarget(f.get("name").string("name"),
                f.containsKey("bootstrap") ? f.get("bootstrap").string("bootstrap") : null, groups,
                f.containsKey("interval") ? duration(f.get("interval"), "interval") : Duration.ofSeconds(30),
                f.containsKey("labels") ? labels(f.get("labels")) : Map.of());
    }

    private static Map<String, String> labels(YamlNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries("labels").entrySet()) {
            String bad = SeriesRules.labelNameProblem(e.getKey());
            if (bad != null) {
                throw e.getValue().error("labels: '" + e.getKey() + "': " + bad);
            }
            labels.put(e.getKey(), e.getValue().string("labels." + e.getKey()));
        }
        return labels;
    }

    private static Target target(Target.Kind kind, YamlNode node, Set<String> allowed) {
        String what = kind.name().toLowerCase(java.util.Locale.ROOT) + " target";
        Map<String, YamlNode> f = node.fields(what, allowed, Set.of("name", "url"));
        String name = f.get("name").string("name");
        String problem = SeriesRules.labelValueProblem(name, new io.tocsin.ingest.samples.SampleLimits(30, 2048,
                Duration.ofHours(1), Duration.ofMinutes(10)));
        if (problem != null) {
            throw f.get("name").error("name: " + problem);
        }
        URI url;
        try {
            url = URI.create(f.get("url").string("url"));
        } catch (IllegalArgumentException e) {
            throw f.get("url").error("url: " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw f.get("url").error("url must be http:// or https:// with a host");
        }
        Duration interval = f.containsKey("interval") ? duration(f.get("interval"), "interval") : Duration.ofSeconds(15);
        Duration timeout = f.containsKey("timeout") ? duration(f.get("timeout"), "timeout")
                : interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
        if (timeout.compareTo(interval) > 0) {
            throw f.get("timeout").error("timeout must not be longer than the interval");
        }
        Map<String, String> labels = f.containsKey("labels") ? labels(f.get("labels")) : Map.of();
        int expect = f.containsKey("expect_status") ? f.get("expect_status").positiveInt("expect_status") : 0;
        boolean insecure = f.containsKey("insecure") && bool(f.get("insecure"));
        int retries = f.containsKey("retries") ? f.get("retries").nonNegativeInt("retries") : 0;
        if (timeout.multipliedBy(retries + 1L).compareTo(interval) > 0) {
            throw f.get("retries").error("retries: " + (retries + 1) + " attempts of up to " + timeout.toSeconds()
                    + "s do not fit in the " + interval.toSeconds() + "s interval; lower timeout or retries");
        }
        return new Target(kind, name, url, interval, timeout, labels, expect, insecure, retries);
    }

    private static boolean bool(YamlNode node) {
        String v = node.string("insecure");
        if (!v.equals("true") && !v.equals("false")) {
            throw node.error("insecure must be true or false");
        }
        return v.equals("true");
    }

    private static Duration duration(YamlNode node, String what) {
        String text = node.string(what);
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw node.error(what + " must be a positive duration like 500ms, 15s, 5m, not '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
    }
}
