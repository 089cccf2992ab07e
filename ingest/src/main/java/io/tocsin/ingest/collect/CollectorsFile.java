package io.tocsin.ingest.collect;

import io.tocsin.core.config.Secret;
import io.tocsin.core.label.LabelNames;
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
 *     retries: 3                      # default 0: attempts (1 s apart) after a failed one before the check fails
 *     insecure: false                 # true accepts any certificate (expiry still reported)
 * kafka_lag:
 *   - name: workers                   # job label
 *     groups: [orders, billing]       # default: every group
 *     bootstrap: kafka:9092           # default: the cluster ingest writes to
 *     interval: 30s
 * postgres:
 *   - name: orders-db                 # job label; instance is host:port
 *     host: db1.internal
 *     port: 5432                      # default 5432
 *     database: postgres              # default postgres
 *     user: tocsin                    # a role granted pg_monitor
 *     password_env: PG_MONITOR_PASSWORD   # or password_file: /run/secrets/pg (relative to this file); none for trust
 *     sslmode: prefer                 # pgjdbc's sslmode, default prefer
 *     interval: 15s                   # default 15s; timeout defaults to the interval, at most 5s
 * </pre>
 *
 * Mistakes are {@link io.tocsin.ingest.config.ConfigError}s at file:line:col.
 */
public final class CollectorsFile {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> COMMON = Set.of("name", "url", "interval", "timeout", "labels");

    private CollectorsFile() {}

    /** @param env where password_env names are looked up */
    public static CollectorsConfig load(Path file, Map<String, String> env) {
        return read(YamlNode.load(file), env, file.toAbsolutePath().getParent());
    }

    static CollectorsConfig read(YamlNode root) {
        return read(root, Map.of(), null);
    }

    static CollectorsConfig read(YamlNode root, Map<String, String> env, Path baseDir) {
        Map<String, YamlNode> top = root.fields("the collectors file", Set.of("scrape", "probe", "kafka_lag", "postgres"),
                Set.of());
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
        List<PostgresTarget> postgres = new ArrayList<>();
        if (top.containsKey("postgres")) {
            for (YamlNode n : top.get("postgres").list("postgres")) {
                postgres.add(postgres(n, env, baseDir));
            }
        }
        if (out.isEmpty() && lag.isEmpty() && postgres.isEmpty()) {
            throw root.error("no scrape, probe, kafka_lag or postgres targets");
        }
        return new CollectorsConfig(out, lag, postgres);
    }

    private static PostgresTarget postgres(YamlNode node, Map<String, String> env, Path baseDir) {
        Map<String, YamlNode> f = node.fields("postgres target", Set.of("name", "host", "port", "database", "user",
                "password_env", "password_file", "sslmode", "interval", "timeout", "labels"), Set.of("name", "host", "user"));
        int port = f.containsKey("port") ? f.get("port").positiveInt("port") : 5432;
        if (port > 65535) {
            throw f.get("port").error("port must be at most 65535");
        }
        if (f.containsKey("password_env") && f.containsKey("password_file")) {
            throw node.error("a postgres target takes password_env or password_file, not both");
        }
        Secret password = null;
        YamlNode given = f.containsKey("password_env") ? f.get("password_env") : f.get("password_file");
        try {
            if (f.containsKey("password_env")) {
                password = Secret.fromEnv(given.string("password_env"), env);
            } else if (given != null) {
                String file = given.string("password_file");
                password = Secret.fromFile(baseDir == null ? Path.of(file) : baseDir.resolve(file));
            }
        } catch (RuntimeException e) {
            // Names the variable or file, never a value.
            throw given.error(e.getMessage());
        }
        String sslMode = f.containsKey("sslmode") ? f.get("sslmode").string("sslmode") : "prefer";
        if (!PostgresTarget.SSL_MODES.contains(sslMode)) {
            throw f.get("sslmode").error("sslmode must be one of " + new java.util.TreeSet<>(PostgresTarget.SSL_MODES));
        }
        Duration interval = f.containsKey("interval") ? duration(f.get("interval"), "interval") : Duration.ofSeconds(15);
        Duration timeout = timeout(f, interval, Duration.ofSeconds(5));
        return new PostgresTarget(name(f), f.get("host").string("host"), port,
                f.containsKey("database") ? f.get("database").string("database") : "postgres", f.get("user").string("user"),
                password, sslMode, interval, timeout, f.containsKey("labels") ? labels(f.get("labels")) : Map.of());
    }

    private static String name(Map<String, YamlNode> f) {
        String name = f.get("name").string("name");
        String problem = SeriesRules.labelValueProblem(name, new io.tocsin.ingest.samples.SampleLimits(30, 2048,
                Duration.ofHours(1), Duration.ofMinutes(10)));
        if (problem != null) {
            throw f.get("name").error("name: " + problem);
        }
        return name;
    }

    /** The timeout given, or the interval capped at {@code cap}; never longer than the interval. */
    private static Duration timeout(Map<String, YamlNode> f, Duration interval, Duration cap) {
        Duration timeout = f.containsKey("timeout") ? duration(f.get("timeout"), "timeout")
                : interval.compareTo(cap) < 0 ? interval : cap;
        if (timeout.compareTo(interval) > 0) {
            throw f.get("timeout").error("timeout must not be longer than the interval");
        }
        return timeout;
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
            String bad = LabelNames.userLabelNameProblem(e.getKey());
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
        String name = name(f);
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
        Duration timeout = timeout(f, interval, Duration.ofSeconds(10));
        Map<String, String> labels = f.containsKey("labels") ? labels(f.get("labels")) : Map.of();
        int expect = f.containsKey("expect_status") ? f.get("expect_status").positiveInt("expect_status") : 0;
        boolean insecure = f.containsKey("insecure") && bool(f.get("insecure"));
        int retries = f.containsKey("retries") ? f.get("retries").nonNegativeInt("retries") : 0;
        Target target = new Target(kind, name, url, interval, timeout, labels, expect, insecure, retries);
        if (target.longestCheck().compareTo(interval) > 0) {
            throw f.get("retries").error("retries: " + (retries + 1) + " attempts of up to " + timeout.toSeconds()
                    + "s, 1s apart, do not fit in the " + interval.toSeconds() + "s interval; lower timeout or retries");
        }
        return target;
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
