package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a credential written as one of {@code <field>}, {@code <field>_file} or {@code <field>_env}
 * (inline, a file next to the config, an environment variable). Problems name the field, the file
 * or the variable, never the value.
 */
final class SecretReader {
    private final ConfigReader reader;
    private final Map<String, String> env;
    private final Path baseDir;
    private final boolean skipMissing;
    private String missing;

    SecretReader(ConfigReader reader, Map<String, String> env, Path baseDir, boolean skipMissing) {
        this.reader = reader;
        this.env = env;
        this.baseDir = baseDir;
        this.skipMissing = skipMissing;
    }

    /**
     * Under {@code missing_secrets: skip}: why the channel read since the last call lacks a secret
     * (which variable or file), or null. The channel is then left out rather than refused.
     */
    String takeMissing() {
        String m = missing;
        missing = null;
        return m;
    }

    /** The field names that may carry {@code field}. */
    static List<String> sources(String field) {
        return List.of(field, field + "_file", field + "_env");
    }

    /**
     * @param required whether one source must be given (else null is a valid answer)
     * @param isUrl    whether the value must be an http(s) URL (webhook URLs are credentials)
     * @return the secret, or null when absent or wrong (a problem is then recorded if it matters)
     */
    Secret read(YamlNode.Mapping m, String where, String field, boolean required, boolean isUrl) {
        List<String> all = sources(field);
        List<String> given =
                all.stream().filter(f -> m.entries().containsKey(f)).toList();
        if (given.size() > 1 || (required && given.isEmpty())) {
            reader.problem(
                    m.mark(),
                    where + " needs " + (required ? "exactly" : "at most") + " one of " + String.join(", ", all)
                            + (given.isEmpty() ? "" : " (found " + String.join(", ", given) + ")"));
            return null;
        }
        if (given.isEmpty()) {
            return null;
        }
        String source = given.get(0);
        YamlNode node = m.get(source);
        String text = reader.string(node, where + "." + source);
        if (text == null) {
            return null;
        }
        if (skipMissing && absent(source, text)) {
            if (missing == null) {
                missing = source.endsWith("_env")
                        ? "environment variable " + text + " is not set"
                        : "secret file " + baseDir.resolve(text) + " does not exist";
            }
            return null;
        }
        Secret secret;
        try {
            if (source.endsWith("_env")) {
                secret = Secret.fromEnv(text, env);
            } else if (source.endsWith("_file")) {
                secret = Secret.fromFile(baseDir.resolve(text));
            } else {
                secret = Secret.inline(text);
            }
        } catch (IllegalArgumentException e) {
            reader.problem(node.mark(), where + "." + source + ": " + e.getMessage());
            return null;
        } catch (UncheckedIOException e) {
            reader.problem(
                    node.mark(),
                    where + "." + source + ": " + e.getMessage() + " ("
                            + e.getCause().getClass().getSimpleName() + ")");
            return null;
        }
        if (secret.reveal().isEmpty()) {
            reader.problem(node.mark(), where + "." + source + ": the value from " + secret.origin() + " is empty");
            return null;
        }
        if (isUrl && !isHttpUrl(secret.reveal())) {
            reader.problem(
                    node.mark(),
                    where + "." + source + ": the webhook URL from " + secret.origin() + " is not an http(s) URL");
            return null;
        }
        return secret;
    }

    private boolean absent(String source, String text) {
        if (source.endsWith("_env")) {
            String v = env.get(text);
            return v == null || v.isBlank();
        }
        return source.endsWith("_file") && !java.nio.file.Files.exists(baseDir.resolve(text));
    }

    static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
