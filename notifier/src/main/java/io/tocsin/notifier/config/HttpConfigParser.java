package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlNode;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code http_config} block (Prometheus' HTTP client config, as Alertmanager takes it).
 * Credentials are applied; what would need a client of its own is refused with the reason.
 */
final class HttpConfigParser {
    private static final Set<String> FIELDS =
            Set.of("authorization", "basic_auth", "bearer_token", "bearer_token_file");
    private static final String OWN_CLIENT =
            "Tocsin shares one HTTP client between channels; " + "a per-receiver client is not built yet";
    private static final Map<String, String> NOT_YET = Map.of(
            "tls_config", OWN_CLIENT,
            "proxy_url", OWN_CLIENT,
            "no_proxy", OWN_CLIENT,
            "proxy_from_environment", OWN_CLIENT,
            "proxy_connect_header", OWN_CLIENT,
            "oauth2", "OAuth 2 client credentials are not implemented",
            "follow_redirects", "redirects of a POST are never followed",
            "enable_http2", OWN_CLIENT);
    private static final Set<String> AUTHORIZATION_FIELDS = Set.of("type", "credentials", "credentials_file");
    private static final Set<String> BASIC_AUTH_FIELDS =
            Set.of("username", "username_file", "password", "password_file");

    private final ConfigReader reader;
    private final SecretReader secrets;

    HttpConfigParser(ConfigReader reader, SecretReader secrets) {
        this.reader = reader;
        this.secrets = secrets;
    }

    /** The http_config under {@code parent}, or {@code fallback} when there is none. */
    HttpConfig optional(YamlNode.Mapping parent, String where, HttpConfig fallback) {
        YamlNode node = parent.get("http_config");
        return node == null ? fallback : parse(node, where + ".http_config");
    }

    HttpConfig parse(YamlNode node, String where) {
        YamlNode.Mapping m = reader.mapping(node, where);
        if (m == null) {
            return HttpConfig.NONE;
        }
        reader.onlyKnown(m, where, FIELDS, NOT_YET);
        int ways = (m.has("authorization") ? 1 : 0)
                + (m.has("basic_auth") ? 1 : 0)
                + (m.has("bearer_token") || m.has("bearer_token_file") ? 1 : 0);
        if (ways > 1) {
            reader.problem(m.mark(), where + " may have at most one of authorization, basic_auth, bearer_token");
            return HttpConfig.NONE;
        }
        if (m.has("authorization")) {
            return authorization(m.get("authorization"), where + ".authorization");
        }
        if (m.has("basic_auth")) {
            return basicAuth(m.get("basic_auth"), where + ".basic_auth");
        }
        if (m.has("bearer_token") || m.has("bearer_token_file")) {
            Secret token = secrets.read(m, where, "bearer_token", true, false);
            return token == null ? HttpConfig.NONE : HttpConfig.bearer("Bearer", token);
        }
        return HttpConfig.NONE;
    }

    private HttpConfig authorization(YamlNode node, String where) {
        YamlNode.Mapping m = reader.mapping(node, where);
        if (m == null) {
            return HttpConfig.NONE;
        }
        reader.onlyKnown(m, where, AUTHORIZATION_FIELDS);
        String type = m.has("type") ? reader.string(m.get("type"), where + ".type") : "Bearer";
        if (type != null && type.equalsIgnoreCase("basic")) {
            reader.problem(m.get("type").mark(), where + ".type must not be Basic: use basic_auth");
            return HttpConfig.NONE;
        }
        Secret credentials = secrets.read(m, where, "credentials", true, false);
        return type == null || credentials == null ? HttpConfig.NONE : HttpConfig.bearer(type, credentials);
    }

    private HttpConfig basicAuth(YamlNode node, String where) {
        YamlNode.Mapping m = reader.mapping(node, where);
        if (m == null) {
            return HttpConfig.NONE;
        }
        reader.onlyKnown(m, where, BASIC_AUTH_FIELDS);
        Secret username = secrets.read(m, where, "username", true, false);
        Secret password = secrets.read(m, where, "password", false, false);
        return username == null ? HttpConfig.NONE : HttpConfig.basic(username.reveal(), password);
    }
}
