package io.tocsin.ingest.collect;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.ingest.samples.SeriesRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Every mistake is reported at once, each at file:line:col ({@link io.tocsin.core.config.ConfigException}).
 */
public final class CollectorsFile {
    private static final Set<String> TOP = Set.of("scrape", "probe", "kafka_lag", "postgres");
    private static final Set<String> COMMON = Set.of("name", "url", "interval", "timeout", "labels");
    private static final Set<String> PROBE =
            Set.of("name", "url", "interval", "timeout", "labels", "expect_status", "insecure", "retries");
    private static final Set<String> KAFKA_LAG = Set.of("name", "groups", "bootstrap", "interval", "labels");
    private static final Set<String> POSTGRES = Set.of(
            "name",
            "host",
            "port",
            "database",
            "user",
            "password_env",
            "password_file",
            "sslmode",
            "interval",
            "timeout",
            "labels");

    private final ConfigReader reader = new ConfigReader();
    private final Map<String, String> env;
    private final Path baseDir;

    private CollectorsFile(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    /** @param env where password_env names are looked up */
    public static CollectorsConfig load(Path file, Map<String, String> env) {
        return read(
                YamlLoader.load(file, file.toString()),
                env,
                file.toAbsolutePath().getParent());
    }

    static CollectorsConfig read(YamlNode root) {
        return read(root, Map.of(), null);
    }

    /** @throws io.tocsin.core.config.ConfigException with every problem found */
    static CollectorsConfig read(YamlNode root, Map<String, String> env, Path baseDir) {
        CollectorsFile file = new CollectorsFile(env, baseDir);
        CollectorsConfig config = file.config(root);
        file.reader.throwIfAny();
        return config;
    }

    private CollectorsConfig config(YamlNode root) {
        YamlNode.Mapping top = reader.mapping(root, "the collectors file");
        if (top == null) {
            return null;
        }
        reader.onlyKnown(top, "the collectors file", TOP);
        List<Target> out = new ArrayList<>();
        items(top, "scrape").forEach(n -> add(out, target(Target.Kind.SCRAPE, n, COMMON)));
        items(top, "probe").forEach(n -> add(out, target(Target.Kind.PROBE, n, PROBE)));
        List<KafkaLagTarget> lag = new ArrayList<>();
        items(top, "kafka_lag").forEach(n -> add(lag, kafkaLag(n)));
        List<PostgresTarget> postgres = new ArrayList<>();
        items(top, "postgres").forEach(n -> add(postgres, postgres(n)));
        if (reader.hasProblems()) {
            return null;
        }
        if (out.isEmpty() && lag.isEmpty() && postgres.isEmpty()) {
            reader.problem(root.mark(), "no scrape, probe, kafka_lag or postgres targets");
            return null;
        }
        return new CollectorsConfig(out, lag, postgres);
    }

    private List<YamlNode> items(YamlNode.Mapping top, String field) {
        List<YamlNode> items = top.has(field) ? reader.list(top.get(field), field) : null;
        return items == null ? List.of() : items;
    }

    private static <T> void add(List<T> out, T item) {
        if (item != null) {
            out.add(item);
        }
    }

    /** The target's fields, or null when it is not a mapping with its required fields. */
    private YamlNode.Mapping fields(YamlNode node, String what, Set<String> allowed, String... required) {
        YamlNode.Mapping f = reader.mapping(node, what);
        if (f == null) {
            return null;
        }
        reader.onlyKnown(f, what, allowed);
        return reader.requireAll(f, what, required) ? f : null;
    }

    private PostgresTarget postgres(YamlNode node) {
        YamlNode.Mapping f = fields(node, "a postgres target", POSTGRES, "name", "host", "user");
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        Integer port = f.has("port") ? reader.integer(f.get("port"), "port", 1) : Integer.valueOf(5432);
        if (port != null && port > 65535) {
            reader.problem(f.get("port").mark(), "port must be at most 65535");
        }
        if (f.has("password_env") && f.has("password_file")) {
            reader.problem(node.mark(), "a postgres target takes password_env or password_file, not both");
        }
        Secret password = password(f);
        String sslMode = f.has("sslmode") ? reader.string(f.get("sslmode"), "sslmode") : "prefer";
        if (sslMode != null && !PostgresTarget.SSL_MODES.contains(sslMode)) {
            reader.problem(
                    f.get("sslmode").mark(),
                    "sslmode must be one of " + new java.util.TreeSet<>(PostgresTarget.SSL_MODES));
        }
        Duration interval = interval(f, Duration.ofSeconds(15));
        Duration timeout = timeout(f, interval, Duration.ofSeconds(5));
        String name = name(f);
        String host = reader.string(f.get("host"), "host");
        String database = f.has("database") ? reader.string(f.get("database"), "database") : "postgres";
        String user = reader.string(f.get("user"), "user");
        Map<String, String> labels = labels(f);
        return reader.problems().size() > before
                ? null
                : new PostgresTarget(name, host, port, database, user, password, sslMode, interval, timeout, labels);
    }

    private Secret password(YamlNode.Mapping f) {
        String field = f.has("password_env") ? "password_env" : f.has("password_file") ? "password_file" : null;
        if (field == null) {
            return null;
        }
        YamlNode given = f.get(field);
        String value = reader.string(given, field);
        if (value == null) {
            return null;
        }
        try {
            return field.equals("password_env")
                    ? Secret.fromEnv(value, env)
                    : Secret.fromFile(baseDir == null ? Path.of(value) : baseDir.resolve(value));
        } catch (RuntimeException e) {
            // Names the variable or file, never a value.
            reader.problem(given.mark(), e.getMessage());
            return null;
        }
    }

    private String name(YamlNode.Mapping f) {
        String name = reader.string(f.get("name"), "name");
        String problem = name == null
                ? null
                : SeriesRules.labelValueProblem(
                        name,
                        new io.tocsin.ingest.samples.SampleLimits(
                                30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)));
        if (problem != null) {
            reader.problem(f.get("name").mark(), "name: " + problem);
            return null;
        }
        return name;
    }

    private Duration interval(YamlNode.Mapping f, Duration fallback) {
        return f.has("interval") ? positive(f.get("interval"), "interval") : fallback;
    }

    /** The timeout given, or the interval capped at {@code cap}; never longer than the interval. */
    private Duration timeout(YamlNode.Mapping f, Duration interval, Duration cap) {
        if (interval == null) {
            return null;
        }
        Duration timeout =
                f.has("timeout") ? positive(f.get("timeout"), "timeout") : interval.compareTo(cap) < 0 ? interval : cap;
        if (timeout != null && timeout.compareTo(interval) > 0) {
            reader.problem(f.get("timeout").mark(), "timeout must not be longer than the interval");
        }
        return timeout;
    }

    private KafkaLagTarget kafkaLag(YamlNode node) {
        YamlNode.Mapping f = fields(node, "a kafka_lag target", KAFKA_LAG, "name");
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        List<String> groups = f.has("groups") ? reader.strings(f.get("groups"), "groups") : List.of();
        String name = reader.string(f.get("name"), "name");
        String bootstrap = f.has("bootstrap") ? reader.string(f.get("bootstrap"), "bootstrap") : null;
        Duration interval = interval(f, Duration.ofSeconds(30));
        Map<String, String> labels = labels(f);
        return reader.problems().size() > before ? null : new KafkaLagTarget(name, bootstrap, groups, interval, labels);
    }

    private Map<String, String> labels(YamlNode.Mapping f) {
        return f.has("labels") ? reader.labelMap(f.get("labels"), "labels") : Map.of();
    }

    private Target target(Target.Kind kind, YamlNode node, Set<String> allowed) {
        String what = "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " target";
        YamlNode.Mapping f = fields(node, what, allowed, "name", "url");
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        String name = name(f);
        URI url = url(f.get("url"));
        Duration interval = interval(f, Duration.ofSeconds(15));
        Duration timeout = timeout(f, interval, Duration.ofSeconds(10));
        Map<String, String> labels = labels(f);
        Integer expect = f.has("expect_status")
                ? reader.integer(f.get("expect_status"), "expect_status", 1)
                : Integer.valueOf(0);
        Boolean insecure = f.has("insecure") ? reader.bool(f.get("insecure"), "insecure") : Boolean.FALSE;
        Integer retries = f.has("retries") ? reader.integer(f.get("retries"), "retries", 0) : Integer.valueOf(0);
        if (reader.problems().size() > before) {
            return null;
        }
        Target target = new Target(kind, name, url, interval, timeout, labels, expect, insecure, retries);
        if (target.longestCheck().compareTo(interval) > 0) {
            reader.problem(
                    f.get("retries").mark(),
                    "retries: " + (retries + 1) + " attempts of up to " + timeout.toSeconds()
                            + "s, 1s apart, do not fit in the " + interval.toSeconds()
                            + "s interval; lower timeout or retries");
            return null;
        }
        return target;
    }

    private URI url(YamlNode node) {
        String text = reader.string(node, "url");
        if (text == null) {
            return null;
        }
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            reader.problem(node.mark(), "url: " + e.getMessage());
            return null;
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            reader.problem(node.mark(), "url must be http:// or https:// with a host");
            return null;
        }
        return url;
    }

    private Duration positive(YamlNode node, String what) {
        Duration d = reader.duration(node, what);
        if (d != null && d.isZero()) {
            reader.problem(node.mark(), what + " must be longer than 0");
            return null;
        }
        return d;
    }
}
