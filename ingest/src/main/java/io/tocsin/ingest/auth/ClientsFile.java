package io.tocsin.ingest.auth;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.label.LabelNames;
import io.tocsin.ops.auth.ControlToken;
import io.tocsin.ops.auth.Scope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the clients file (TOCSIN_INGEST_TOKENS_FILE):
 *
 * <pre>
 * clients:
 *   - name: web                  # shown in refusals and logs
 *     token_env: WEB_INGEST_TOKEN  # or token_file: /run/secrets/web, or token: (inline, for tests)
 *     labels:                    # optional: RE2 patterns a label's whole value must match; the label is required
 *       job: "web|api"
 *       __name__: "http_.*"      # constrains metric names
 *     rate_limit: {per_second: 5000, burst: 10000}   # records/s; burst defaults to 1 s worth
 *     max_series: 10000          # optional cap on distinct series and log streams
 * </pre>
 *
 * Every mistake is reported at once, each at file:line:col ({@link io.tocsin.core.config.ConfigException});
 * a token's value never appears in one.
 *
 * <p>The control tokens file of the notifier and rules APIs (TOCSIN_CONTROL_TOKENS_FILE) has the
 * same format and reader; its clients carry {@code scopes: [read, write]} instead of limits.
 */
public final class ClientsFile {
    private static final Set<String> CLIENT_FIELDS =
            Set.of("name", "token", "token_env", "token_file", "labels", "rate_limit", "max_series");

    private static final Set<String> CONTROL_FIELDS = Set.of("name", "token", "token_env", "token_file", "scopes");

    private final ConfigReader reader = new ConfigReader();
    private final Map<String, String> env;
    private final Path baseDir;

    private ClientsFile(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    public static List<Client> load(Path file, Map<String, String> env) {
        return read(
                YamlLoader.load(file, file.toString()),
                env,
                file.toAbsolutePath().getParent());
    }

    /** @throws io.tocsin.core.config.ConfigException with every problem found */
    static List<Client> read(YamlNode root, Map<String, String> env, Path baseDir) {
        ClientsFile file = new ClientsFile(env, baseDir);
        List<Client> clients = file.clients(root);
        file.reader.throwIfAny();
        return clients;
    }

    /** Reads the control tokens file: each client a name, one token source, and its scopes. */
    public static List<ControlToken> loadControlTokens(Path file, Map<String, String> env) {
        return readControlTokens(
                YamlLoader.load(file, file.toString()),
                env,
                file.toAbsolutePath().getParent());
    }

    /** @throws io.tocsin.core.config.ConfigException with every problem found */
    static List<ControlToken> readControlTokens(YamlNode root, Map<String, String> env, Path baseDir) {
        ClientsFile file = new ClientsFile(env, baseDir);
        List<ControlToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : file.items(root, "TOCSIN_CONTROL_TOKENS_FILE")) {
            ControlToken t = file.controlToken(item);
            if (t != null && !names.add(t.name())) {
                file.reader.problem(item.mark(), "client name '" + t.name() + "' is used twice");
            } else if (t != null) {
                tokens.add(t);
            }
        }
        file.reader.throwIfAny();
        return tokens;
    }

    private List<Client> clients(YamlNode root) {
        List<Client> clients = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items(root, "TOCSIN_INGEST_TOKENS_FILE")) {
            Client c = client(item);
            if (c != null && !names.add(c.name())) {
                reader.problem(item.mark(), "client name '" + c.name() + "' is used twice");
            } else if (c != null) {
                clients.add(c);
            }
        }
        return clients;
    }

    /** The items of {@code clients:}; none (and a problem) when the file is not such a list. */
    private List<YamlNode> items(YamlNode root, String variable) {
        YamlNode.Mapping top = reader.mapping(root, "the clients file");
        if (top == null) {
            return List.of();
        }
        reader.onlyKnown(top, "the clients file", Set.of("clients"));
        List<YamlNode> items = reader.requireAll(top, "the clients file", "clients")
                ? reader.list(top.get("clients"), "clients")
                : null;
        if (items != null && items.isEmpty()) {
            reader.problem(
                    top.get("clients").mark(),
                    "clients is empty: list at least one client, or unset " + variable + " to run open");
        }
        return items == null ? List.of() : items;
    }

    private ControlToken controlToken(YamlNode item) {
        YamlNode.Mapping f = reader.mapping(item, "a client");
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        reader.onlyKnown(f, "a client", CONTROL_FIELDS);
        String name = reader.requireAll(f, "a client", "name") ? reader.string(f.get("name"), "name") : null;
        Secret token = token(item, f);
        Set<Scope> scopes = reader.requireAll(f, "a client", "scopes") ? scopes(f.get("scopes")) : null;
        return reader.problems().size() > before ? null : new ControlToken(name, token, scopes);
    }

    private Set<Scope> scopes(YamlNode node) {
        List<YamlNode> items = reader.list(node, "scopes");
        if (items == null) {
            return null;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (YamlNode item : items) {
            String scope = reader.string(item, "scopes");
            switch (scope == null ? "" : scope) {
                case "read" -> scopes.add(Scope.READ);
                case "write" -> scopes.add(Scope.WRITE);
                case "" -> {} // reported by string()
                default -> reader.problem(item.mark(), "scopes: '" + scope + "' is not a scope (read, write)");
            }
        }
        if (items.isEmpty()) {
            reader.problem(node.mark(), "scopes is empty: give read, write or both");
        }
        return scopes;
    }

    private Client client(YamlNode item) {
        YamlNode.Mapping f = reader.mapping(item, "a client");
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        reader.onlyKnown(f, "a client", CLIENT_FIELDS);
        String name = reader.requireAll(f, "a client", "name") ? reader.string(f.get("name"), "name") : null;
        Secret token = token(item, f);
        LabelPolicy labels = f.has("labels") ? labels(f.get("labels")) : LabelPolicy.ANY;
        RateLimit rate = f.has("rate_limit") ? rate(f.get("rate_limit")) : RateLimit.UNLIMITED;
        Integer maxSeries =
                f.has("max_series") ? reader.integer(f.get("max_series"), "max_series", 1) : Integer.valueOf(0);
        return reader.problems().size() > before ? null : new Client(name, token, labels, rate, maxSeries);
    }

    private Secret token(YamlNode item, YamlNode.Mapping f) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("token", "token_env", "token_file")) {
            if (f.has(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            reader.problem(
                    item.mark(),
                    "a client needs exactly one of token, token_env, token_file"
                            + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
            return null;
        }
        YamlNode node = f.get(given.get(0));
        String value = reader.string(node, given.get(0));
        if (value == null) {
            return null;
        }
        Secret secret;
        try {
            secret = switch (given.get(0)) {
                case "token_env" -> Secret.fromEnv(value, env);
                case "token_file" -> Secret.fromFile(baseDir == null ? Path.of(value) : baseDir.resolve(value));
                default -> Secret.inline(value);
            };
        } catch (RuntimeException e) {
            // Names the variable or file, never a value.
            reader.problem(node.mark(), e.getMessage());
            return null;
        }
        if (secret.reveal().length() < 16) {
            reader.problem(node.mark(), "token from " + secret.origin() + " is shorter than 16 characters");
            return null;
        }
        return secret;
    }

    private LabelPolicy labels(YamlNode node) {
        Map<String, Pattern> allowed = new LinkedHashMap<>();
        YamlNode.Mapping m = reader.mapping(node, "labels");
        if (m == null) {
            return null;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String label = e.key();
            if (!"__name__".equals(label) && LabelNames.namedUserLabelNameProblem(label) != null) {
                reader.problem(e.keyMark(), "labels: " + LabelNames.namedUserLabelNameProblem(label));
                continue;
            }
            String pattern = reader.string(e.value(), "labels." + label);
            if (pattern == null) {
                continue;
            }
            try {
                allowed.put(label, Pattern.compile(pattern));
            } catch (PatternSyntaxException ex) {
                reader.problem(e.value().mark(), "labels." + label + ": not an RE2 pattern: " + ex.getMessage());
            }
        }
        return new LabelPolicy(allowed);
    }

    private RateLimit rate(YamlNode node) {
        YamlNode.Mapping f = reader.mapping(node, "rate_limit");
        if (f == null) {
            return null;
        }
        reader.onlyKnown(f, "rate_limit", Set.of("per_second", "burst"));
        if (!reader.requireAll(f, "rate_limit", "per_second")) {
            return null;
        }
        Double perSecond = reader.positiveNumber(f.get("per_second"), "per_second");
        Double burst = f.has("burst")
                ? reader.positiveNumber(f.get("burst"), "burst")
                : perSecond == null ? null : Math.max(1, perSecond);
        if (burst != null && burst < 1) {
            reader.problem(f.get("burst").mark(), "burst must be at least 1");
            return null;
        }
        return perSecond == null || burst == null ? null : new RateLimit(perSecond, burst);
    }
}
