package io.tocsin.notifier.config;

import io.tocsin.core.config.YamlNode;
import java.util.Set;

/**
 * The loaded config written back as YAML with every credential replaced by {@code <secret>}, as
 * Alertmanager shows its config in {@code /api/v2/status} ({@code config.original}) and amtool
 * prints it with {@code config show}. Comments and anchors are not kept; the content is.
 */
final class RedactedYaml {
    static final String SECRET = "<secret>";
    /** Alertmanager's Secret and SecretURL fields, plus Tocsin's own credentials. */
    private static final Set<String> SECRET_FIELDS = Set.of(
            "smtp_auth_password",
            "smtp_auth_secret",
            "slack_api_url",
            "auth_password",
            "auth_secret",
            "api_url",
            "routing_key",
            "service_key",
            "password",
            "credentials",
            "bearer_token",
            "token",
            "secret",
            "api_key",
            "client_secret");
    /** A webhook's URL is a SecretURL (it often carries a token); other URLs are not secrets. */
    private static final String WEBHOOKS = "webhook_configs";

    private RedactedYaml() {}

    static String of(YamlNode doc) {
        StringBuilder b = new StringBuilder();
        write(b, doc, 0, false, false);
        return b.toString();
    }

    private static void write(StringBuilder b, YamlNode node, int indent, boolean redact, boolean inWebhook) {
        if (node instanceof YamlNode.Mapping m) {
            if (m.entries().isEmpty()) {
                b.append(" {}\n");
                return;
            }
            b.append('\n');
            for (YamlNode.Entry e : m.entries().values()) {
                b.append(" ".repeat(indent)).append(scalar(e.key())).append(':');
                boolean secret = (SECRET_FIELDS.contains(e.key())
                                || (inWebhook && e.key().equals("url")))
                        && !(e.value() instanceof YamlNode.Mapping);
                write(
                        b,
                        e.value(),
                        indent + 2,
                        secret,
                        e.key().equals(WEBHOOKS) || (inWebhook && !e.key().equals("http_config")));
            }
        } else if (node instanceof YamlNode.Sequence s) {
            if (s.items().isEmpty()) {
                b.append(" []\n");
                return;
            }
            b.append('\n');
            for (YamlNode item : s.items()) {
                b.append(" ".repeat(indent)).append('-');
                write(b, item, indent + 2, redact, inWebhook);
            }
        } else if (node instanceof YamlNode.Scalar sc) {
            if (sc.type() == YamlNode.Scalar.Type.NULL) {
                b.append('\n');
            } else if (redact) {
                b.append(' ').append(SECRET).append('\n');
            } else if (sc.type() == YamlNode.Scalar.Type.STRING) {
                b.append(' ').append(scalar(sc.text())).append('\n');
            } else {
                b.append(' ').append(sc.text()).append('\n');
            }
        } else {
            b.append('\n');
        }
    }

    /** A string as a YAML scalar: plain when safe, else double-quoted with escapes. */
    private static String scalar(String s) {
        if (s.matches("[A-Za-z0-9_./@-][A-Za-z0-9_./@ :-]*")
                && !s.endsWith(" ")
                && !s.contains(": ")
                && !s.endsWith(":")
                && !s.matches("(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9.][0-9._eE+-]*")) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (cp < 0x20) {
                        b.append(String.format("\\x%02x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
