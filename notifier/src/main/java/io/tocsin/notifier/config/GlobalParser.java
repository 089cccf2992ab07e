package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Reads {@code global:}; every field it does not name keeps Alertmanager's default. */
final class GlobalParser {
    private static final Set<String> FIELDS = Set.of(
            "resolve_timeout",
            "smtp_from",
            "smtp_smarthost",
            "smtp_hello",
            "smtp_auth_username",
            "smtp_auth_password",
            "smtp_auth_password_file",
            "smtp_require_tls",
            "slack_api_url",
            "slack_api_url_file",
            "pagerduty_url",
            "http_config");
    private static final String NO_SUCH_RECEIVER = "Tocsin has no receiver that would use it";
    private static final Map<String, String> NOT_YET = Map.ofEntries(
            Map.entry("smtp_auth_identity", "PLAIN identity is not implemented"),
            Map.entry("smtp_auth_secret", "CRAM-MD5 is not implemented"),
            Map.entry("opsgenie_api_url", NO_SUCH_RECEIVER),
            Map.entry("opsgenie_api_key", NO_SUCH_RECEIVER),
            Map.entry("opsgenie_api_key_file", NO_SUCH_RECEIVER),
            Map.entry("wechat_api_url", NO_SUCH_RECEIVER),
            Map.entry("wechat_api_secret", NO_SUCH_RECEIVER),
            Map.entry("wechat_api_corp_id", NO_SUCH_RECEIVER),
            Map.entry("victorops_api_url", NO_SUCH_RECEIVER),
            Map.entry("victorops_api_key", NO_SUCH_RECEIVER),
            Map.entry("victorops_api_key_file", NO_SUCH_RECEIVER),
            Map.entry("telegram_api_url", NO_SUCH_RECEIVER),
            Map.entry("webex_api_url", NO_SUCH_RECEIVER),
            Map.entry("smtp_tls_config", "not yet"));

    private GlobalParser() {}

    static GlobalConfig parse(ConfigReader reader, SecretReader secrets, YamlNode node) {
        GlobalConfig d = GlobalConfig.DEFAULTS;
        if (node == null) {
            return d;
        }
        YamlNode.Mapping m = reader.mapping(node, "global");
        if (m == null) {
            return d;
        }
        reader.onlyKnown(m, "global", FIELDS, NOT_YET);
        Duration resolveTimeout = d.resolveTimeout();
        if (m.has("resolve_timeout")) {
            Duration t = reader.duration(m.get("resolve_timeout"), "global.resolve_timeout");
            if (t != null && (t.isZero() || t.isNegative())) {
                reader.problem(m.get("resolve_timeout").mark(), "global.resolve_timeout must be positive");
            } else if (t != null) {
                resolveTimeout = t;
            }
        }
        String smarthost = string(reader, m, "smtp_smarthost");
        if (smarthost != null && EmailSmarthost.parse(smarthost) == null) {
            reader.problem(
                    m.get("smtp_smarthost").mark(),
                    "global.smtp_smarthost must be host:port, like smtp.example.org:587");
            smarthost = null;
        }
        String hello = string(reader, m, "smtp_hello");
        Boolean requireTls =
                m.has("smtp_require_tls") ? reader.bool(m.get("smtp_require_tls"), "global.smtp_require_tls") : null;
        Secret password = secrets.read(m, "global", "smtp_auth_password", false, false);
        Secret slack = secrets.read(m, "global", "slack_api_url", false, true);
        String pagerduty = string(reader, m, "pagerduty_url");
        if (pagerduty != null && !SecretReader.isHttpUrl(pagerduty)) {
            reader.problem(m.get("pagerduty_url").mark(), "global.pagerduty_url is not an http(s) URL");
            pagerduty = null;
        }
        HttpConfig http = new HttpConfigParser(reader, secrets).optional(m, "global", HttpConfig.NONE);
        return new GlobalConfig(
                resolveTimeout,
                string(reader, m, "smtp_from"),
                smarthost,
                hello == null ? d.smtpHello() : hello,
                string(reader, m, "smtp_auth_username"),
                password,
                requireTls == null ? d.smtpRequireTls() : requireTls,
                slack,
                pagerduty == null ? d.pagerdutyUrl() : pagerduty,
                http);
    }

    private static String string(ConfigReader reader, YamlNode.Mapping m, String field) {
        return m.has(field) ? reader.string(m.get(field), "global." + field) : null;
    }
}
