package io.tocsin.ingest.auth;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tocsin.core.config.Secret;
import io.tocsin.ingest.config.ConfigError;
import io.tocsin.ingest.config.YamlNode;
import io.tocsin.ingest.samples.SeriesRules;
import io.tocsin.ops.auth.ControlToken;
import io.tocsin.ops.auth.Scope;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.ArrayList;
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
 *     labels:                    # optional: RE2 patterns a label's whole value must match
 *       job: "web|api"
 *       __name__: "http_.*"      # constrains metric names
 *     rate_limit: {per_second: 5000, burst: 10000}   # records/s; burst defaults to 1 s worth
 *     max_series: 10000          # optional cap on distinct series and log streams
 * </pre>
 *
 * Every mistake is a {@link ConfigError} at file:line:col; a token's value never appears in one.
 *
 * <p>The control tokens file of the notifier and rules APIs (TOCSIN_CONTROL_TOKENS_FILE) has the
 * same format and reader; its clients carry {@code scopes: [read, write]} instead of limits.
 */
public final class ClientsFile {
    private static final Set<String> CLIENT_FIELDS = Set.of("name", "token", "token_env", "token_file", "labels",
            "rate_limit", "max_series");

    private static final Set<String> CONTROL_FIELDS = Set.of("name", "token", "token_env", "token_file", "scopes");

    private ClientsFile() {}

    /** Reads the control tokens file: each client a name, one token source, and its scopes. */
    public static List<ControlToken> loadControlTokens(Path file, Map<String, String> env) {
        return readControlTokens(YamlNode.load(file), env, file.toAbsolutePath().getParent());
    }

    static List<ControlToken> readControlTokens(YamlNode root, Map<String, String> env, Path baseDir) {
        List<ControlToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items(root, "TOCSIN_CONTROL_TOKENS_FILE")) {
            Map<String, YamlNode> f = item.fields("a client", CONTROL_FIELDS, Set.of("name", "scopes"));
            String name = name(f);
            if (!names.add(name)) {
                throw item.error("client name '" + name + "' is used twice");
            }
            tokens.add(new ControlToken(name, token(item, f, env, baseDir), scopes(f.get("scopes"))));
        }
        return tokens;
    }

    private static Set<Scope> scopes(YamlNode node) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (YamlNode item : node.list("scopes")) {
            String scope = item.string("scopes");
            switch (scope) {
                case "read" -> scopes.add(Scope.READ);
                case "write" -> scopes.add(Scope.WRITE);
                default -> throw item.error("scopes: '" + scope + "' is not a scope (read, write)");
            }
        }
        if (scopes.isEmpty()) {
            throw node.error("scopes is empty: give read, write or both");
        }
        return scopes;
    }

    public static List<Client> load(Path file, Map<String, String> env) {
        return read(YamlNode.load(file), env, file.toAbsolutePath().getParent());
    }

    static List<Client> read(YamlNode root, Map<String, String> env, Path baseDir) {
        List<Client> clients = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items(root, "TOCSIN_INGEST_TOKENS_FILE")) {
            Client c = client(item, env, baseDir);
            if (!names.add(c.name())) {
                throw item.error("client name '" + c.name() + "' is used twice");
            }
            clients.add(c);
        }
        return clients;
    }

    private static List<YamlNode> items(YamlNode root, String variable) {
        List<YamlNode> items = root.fields("the clients file", Set.of("clients"), Set.of("clients"))
                .get("clients").list("clients");
        if (items.isEmpty()) {
            throw root.error("clients is empty: list at least one client, or unset " + variable + " to run open");
        }
        return items;
    }

    private static String name(Map<String, YamlNode> f) {
        String name = f.get("name").string("name");
        if (name.isBlank()) {
            throw f.get("name").error("name must not be empty");
        }
        return name;
    }

    private static Client client(YamlNode item, Map<String, String> env, Path baseDir) {
        Map<String, YamlNode> f = item.fields("a client", CLIENT_FIELDS, Set.of("name"));
        return new Client(name(f), token(item, f, env, baseDir),
                f.containsKey("labels") ? labels(f.get("labels")) : LabelPolicy.ANY,
                f.containsKey("rate_limit") ? rate(f.get("rate_limit")) : RateLimit.UNLIMITED,
                f.containsKey("max_series") ? f.get("max_series").positiveInt("max_series") : 0);
    }

    private static Secret token(YamlNode item, Map<String, YamlNode> f, Map<String, String> env, Path baseDir) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("token", "token_env", "token_file")) {
            if (f.containsKey(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            throw item.error("a client needs exactly one of token, token_env, token_file"
                    + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
        }
        YamlNode node = f.get(given.get(0));
        String value = node.string(given.get(0));
        Secret secret;
        try {
            secret = switch (given.get(0)) {
                case "token_env" -> Secret.fromEnv(value, env);
                case "token_file" -> Secret.fromFile(baseDir == null ? Path.of(value) : baseDir.resolve(value));
                default -> Secret.inline(value);
            };
        } catch (RuntimeException e) {
            // Names the variable or file, never a value.
            throw node.error(e.getMessage());
        }
        if (secret.reveal().length() < 16) {
            throw node.error("token from " + secret.origin() + " is shorter than 16 characters");
        }
        return secret;
    }

    private static LabelPolicy labels(YamlNode node) {
        Map<String, Pattern> allowed = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries("labels").entrySet()) {
            String label = e.getKey();
            if (!"__name__".equals(label) && SeriesRules.labelNameProblem(label) != null) {
                throw e.getValue().error("labels: '" + label + "': " + SeriesRules.labelNameProblem(label));
            }
            String pattern = e.getValue().string("labels." + label);
            try {
                allowed.put(label, Pattern.compile(pattern));
            } catch (PatternSyntaxException ex) {
                throw e.getValue().error("labels." + label + ": not an RE2 pattern: " + ex.getMessage());
            }
        }
        return new LabelPolicy(allowed);
    }

    private static RateLimit rate(YamlNode node) {
        Map<String, YamlNode> f = node.fields("rate_limit", Set.of("per_second", "burst"), Set.of("per_second"));
        double perSecond = f.get("per_second").positiveNumber("per_second");
        double burst = f.containsKey("burst") ? f.get("burst").positiveNumber("burst") : Math.max(1, perSecond);
        if (burst < 1) {
            throw f.get("burst").error("burst must be at least 1");
        }
        return new RateLimit(perSecond, burst);
    }
}
