package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.Secret;
import io.tocsin.core.config.YamlNode;
import io.tocsin.notifier.template.TemplateException;
import io.tocsin.notifier.template.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code receivers:} and each receiver's channel configs, resolving secrets. */
final class ReceiverParser {
    private static final Set<String> RECEIVER_FIELDS =
            Set.of("name", "console_configs", "slack_configs", "pagerduty_configs", "webhook_configs", "email_configs");
    private static final Map<String, String> RECEIVER_NOT_YET = Map.of(
            "opsgenie_configs", "not planned",
            "msteams_configs", "not planned",
            "telegram_configs", "not planned");
    private static final Set<String> CONSOLE_FIELDS = Set.of("send_resolved");
    private static final Set<String> SLACK_FIELDS = Set.of(
            "api_url",
            "api_url_file",
            "api_url_env",
            "token",
            "token_file",
            "token_env",
            "channel",
            "username",
            "send_resolved",
            "http_config",
            "title",
            "title_link",
            "text",
            "pretext",
            "fallback",
            "color",
            "footer",
            "icon_emoji",
            "icon_url");
    /** The Slack fields that are templates, rendered for each notification. */
    private static final List<String> SLACK_TEMPLATES =
            List.of("title", "title_link", "text", "pretext", "fallback", "color", "footer", "icon_emoji", "icon_url");

    private static final Map<String, String> SLACK_NOT_YET = Map.of(
            "fields",
            "attachment fields are not implemented",
            "short_fields",
            "attachment fields are not implemented",
            "actions",
            "message buttons are not implemented",
            "callback_id",
            "message buttons are not implemented",
            "image_url",
            "not implemented",
            "thumb_url",
            "not implemented",
            "link_names",
            "not implemented",
            "mrkdwn_in",
            "Tocsin formats every field as mrkdwn");
    private static final Set<String> EMAIL_FIELDS = Set.of(
            "to",
            "from",
            "smarthost",
            "hello",
            "auth_username",
            "auth_password",
            "auth_password_file",
            "auth_password_env",
            "require_tls",
            "headers",
            "send_resolved",
            "html",
            "text");
    private static final Map<String, String> EMAIL_NOT_YET = Map.of(
            "auth_identity",
            "PLAIN identity is not implemented",
            "auth_secret",
            "CRAM-MD5 is not implemented",
            "tls_config",
            "not yet");
    private static final Set<String> WEBHOOK_FIELDS =
            Set.of("url", "url_file", "url_env", "max_alerts", "send_resolved", "http_config");
    private static final Set<String> PAGERDUTY_FIELDS = Set.of(
            "routing_key",
            "routing_key_file",
            "routing_key_env",
            "url",
            "severity",
            "send_resolved",
            "http_config",
            "description",
            "details",
            "client",
            "client_url",
            "class",
            "component",
            "group");
    /** The PagerDuty fields that are templates, rendered for each notification. */
    private static final List<String> PAGERDUTY_TEMPLATES =
            List.of("description", "client", "client_url", "class", "component", "group");

    private static final Map<String, String> PAGERDUTY_NOT_YET = Map.of(
            "service_key",
            "Events API v1 is not supported: use routing_key (v2)",
            "service_key_file",
            "Events API v1 is not supported: use routing_key_file (v2)",
            "links",
            "not yet",
            "images",
            "not yet");

    private final ConfigReader reader;
    private final SecretReader secrets;
    private final List<String> notices;
    private final GlobalConfig global;
    private final HttpConfigParser http;
    private final Templates templateSet;
    private final String externalUrl;

    /**
     * @param baseDir where relative secret file paths start: the config file's folder
     * @param global  the defaults a receiver takes for what it does not say
     */
    ReceiverParser(
            ConfigReader reader,
            SecretReader secrets,
            GlobalConfig global,
            Templates templateSet,
            String externalUrl,
            List<String> notices) {
        this.templateSet = templateSet;
        this.externalUrl = externalUrl;
        this.reader = reader;
        this.secrets = secrets;
        this.notices = notices;
        this.global = global;
        this.http = new HttpConfigParser(reader, secrets);
    }

    Map<String, Receiver> receivers(YamlNode node) {
        Map<String, Receiver> out = new LinkedHashMap<>();
        List<YamlNode> items = reader.list(node, "receivers");
        for (int i = 0; items != null && i < items.size(); i++) {
            String where = "receivers[" + i + "]";
            YamlNode.Mapping m = reader.mapping(items.get(i), where);
            if (m == null) {
                continue;
            }
            reader.onlyKnown(m, where, RECEIVER_FIELDS, RECEIVER_NOT_YET);
            YamlNode nameNode = m.get("name");
            if (nameNode == null) {
                reader.problem(m.mark(), where + " needs a name");
                continue;
            }
            String name = reader.string(nameNode, where + ".name");
            if (name == null) {
                continue;
            }
            List<ChannelConfig> channels = new ArrayList<>();
            channels.addAll(each(m, "console_configs", name, this::console));
            channels.addAll(each(m, "slack_configs", name, this::slack));
            channels.addAll(each(m, "pagerduty_configs", name, this::pagerDuty));
            channels.addAll(each(m, "webhook_configs", name, this::webhook));
            channels.addAll(each(m, "email_configs", name, this::email));
            if (out.putIfAbsent(name, new Receiver(name, channels)) != null) {
                reader.problem(nameNode.mark(), "receiver '" + name + "' is defined twice");
            }
        }
        return out;
    }

    private interface ItemParser {
        ChannelConfig parse(YamlNode.Mapping m, String where);
    }

    private List<ChannelConfig> each(YamlNode.Mapping receiver, String field, String name, ItemParser parser) {
        YamlNode node = receiver.get(field);
        if (node == null) {
            return List.of();
        }
        String where = "receiver '" + name + "' " + field;
        List<YamlNode> items = reader.list(node, where);
        List<ChannelConfig> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String itemWhere = where + "[" + i + "]";
            // "console_configs: [{}]" and "- " with nothing after both mean "defaults".
            YamlNode item = items.get(i);
            YamlNode.Mapping m = item instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL
                    ? new YamlNode.Mapping(Map.of(), item.mark())
                    : reader.mapping(item, itemWhere);
            if (m != null) {
                ChannelConfig c = parser.parse(m, itemWhere);
                String missing = secrets.takeMissing();
                if (missing != null) {
                    notices.add(itemWhere + " skipped: " + missing);
                } else if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private ChannelConfig console(YamlNode.Mapping m, String where) {
        reader.onlyKnown(m, where, CONSOLE_FIELDS, Map.of());
        return new ConsoleConfig(sendResolved(m, where));
    }

    private ChannelConfig slack(YamlNode.Mapping m, String where) {
        reader.onlyKnown(m, where, SLACK_FIELDS, SLACK_NOT_YET);
        String channel = optionalString(m, "channel", where);
        String username = optionalString(m, "username", where);
        boolean sendResolved = sendResolved(m, where);
        Map<String, String> fields = templates(m, where, SLACK_TEMPLATES);
        if (username != null && username.contains("{{")) {
            fields.put("username", username);
        }
        MessageTemplates templates = new MessageTemplates(templateSet, fields, externalUrl);
        HttpConfig httpConfig = http.optional(m, where, global.http());
        boolean botMode =
                SecretReader.sources("token").stream().anyMatch(f -> m.entries().containsKey(f));
        if (!botMode) {
            boolean given = SecretReader.sources("api_url").stream()
                    .anyMatch(f -> m.entries().containsKey(f));
            Secret url = given || global.slackApiUrl() == null
                    ? secrets.read(m, where, "api_url", true, true)
                    : global.slackApiUrl();
            return url == null
                    ? null
                    : new SlackConfig(url, channel, username, sendResolved, null, templates, httpConfig);
        }
        // A bot token: messages go through the Web API (chat.postMessage, chat.update), to a channel.
        Secret token = secrets.read(m, where, "token", true, false);
        Secret api = secrets.read(m, where, "api_url", false, true);
        if (m.get("channel") == null) {
            reader.problem(m.mark(), where + " with a token needs 'channel' (like '#alerts' or C0123456789)");
        }
        if (token == null || channel == null) {
            return null;
        }
        return new SlackConfig(
                api == null ? Secret.inline(SlackConfig.DEFAULT_API_URL) : api,
                channel,
                username,
                sendResolved,
                token,
                templates,
                httpConfig);
    }

    private ChannelConfig pagerDuty(YamlNode.Mapping m, String where) {
        reader.onlyKnown(m, where, PAGERDUTY_FIELDS, PAGERDUTY_NOT_YET);
        Secret key = secrets.read(m, where, "routing_key", true, false);
        String url = optionalString(m, "url", where);
        if (url != null && !SecretReader.isHttpUrl(url)) {
            reader.problem(m.get("url").mark(), where + ".url is not an http(s) URL");
            url = null;
        }
        String severity = optionalString(m, "severity", where);
        if (severity != null && !PagerDutyConfig.SEVERITIES.contains(severity)) {
            reader.problem(
                    m.get("severity").mark(),
                    where + ".severity must be one of critical, "
                            + "error, warning, info (it is the default when an alert has no such severity label)");
            severity = null;
        }
        boolean sendResolved = sendResolved(m, where);
        MessageTemplates templates =
                new MessageTemplates(templateSet, templates(m, where, PAGERDUTY_TEMPLATES), externalUrl);
        Map<String, String> details =
                m.has("details") ? reader.stringMap(m.get("details"), where + ".details") : Map.of();
        if (details != null) {
            YamlNode.Mapping dm = (YamlNode.Mapping) m.get("details");
            details.forEach((k, v) -> check(dm.get(k), where + ".details." + k, v));
        }
        HttpConfig httpConfig = http.optional(m, where, global.http());
        return key == null
                ? null
                : new PagerDutyConfig(
                        key,
                        url == null ? global.pagerdutyUrl() : url,
                        severity,
                        sendResolved,
                        templates,
                        details == null ? Map.of() : details,
                        httpConfig);
    }

    private ChannelConfig webhook(YamlNode.Mapping m, String where) {
        reader.onlyKnown(m, where, WEBHOOK_FIELDS, Map.of("timeout", "not yet"));
        Secret url = secrets.read(m, where, "url", true, true);
        int maxAlerts = 0;
        YamlNode max = m.get("max_alerts");
        if (max != null) {
            if (max instanceof YamlNode.Scalar s
                    && s.type() == YamlNode.Scalar.Type.NUMBER
                    && s.text().matches("\\d{1,9}")) {
                maxAlerts = Integer.parseInt(s.text());
            } else {
                reader.problem(
                        max.mark(), where + ".max_alerts must be a whole number, 0 for all, found " + max.kind());
            }
        }
        boolean sendResolved = sendResolved(m, where);
        HttpConfig httpConfig = http.optional(m, where, global.http());
        return url == null ? null : new WebhookConfig(url, maxAlerts, sendResolved, httpConfig);
    }

    private ChannelConfig email(YamlNode.Mapping m, String where) {
        reader.onlyKnown(m, where, EMAIL_FIELDS, EMAIL_NOT_YET);
        boolean ok = true;
        List<String> to = new ArrayList<>();
        YamlNode toNode = m.get("to");
        String toText = toNode == null ? null : reader.string(toNode, where + ".to");
        if (toNode == null) {
            reader.problem(m.mark(), where + " needs 'to' (one address or several separated by commas)");
            ok = false;
        } else if (toText != null) {
            for (String address : toText.split(",")) {
                if (!address.isBlank()) {
                    to.add(address.strip());
                }
            }
            ok &= header(toNode, where + ".to", toText);
        }
        String from = m.has("from") ? optionalString(m, "from", where) : global.smtpFrom();
        if (from == null && m.get("from") == null) {
            reader.problem(m.mark(), where + " needs 'from' (or global.smtp_from)");
            ok = false;
        } else if (from != null) {
            ok &= header(m.get("from"), where + ".from", from);
        }
        String host = null;
        int port = 0;
        YamlNode smarthost = m.get("smarthost");
        String hostPort = smarthost == null ? global.smtpSmarthost() : reader.string(smarthost, where + ".smarthost");
        if (smarthost == null && hostPort == null) {
            reader.problem(
                    m.mark(), where + " needs 'smarthost' (host:port of the SMTP server) or global.smtp_smarthost");
            ok = false;
        } else if (hostPort != null) {
            EmailSmarthost parsed = EmailSmarthost.parse(hostPort);
            if (parsed == null) {
                reader.problem(smarthost.mark(), where + ".smarthost must be host:port, like smtp.example.org:587");
                ok = false;
            } else {
                host = parsed.host();
                port = parsed.port();
            }
        }
        String hello = m.has("hello") ? optionalString(m, "hello", where) : global.smtpHello();
        boolean ownAuth = m.has("auth_username")
                || SecretReader.sources("auth_password").stream().anyMatch(m::has);
        String username = ownAuth ? optionalString(m, "auth_username", where) : global.smtpAuthUsername();
        Secret password = ownAuth ? secrets.read(m, where, "auth_password", false, false) : global.smtpAuthPassword();
        if (ownAuth
                && username != null
                && password == null
                && SecretReader.sources("auth_password").stream()
                        .noneMatch(f -> m.entries().containsKey(f))) {
            reader.problem(
                    m.get("auth_username").mark(),
                    where + ".auth_username needs one of " + "auth_password, auth_password_file, auth_password_env");
            ok = false;
        }
        boolean requireTls = global.smtpRequireTls();
        YamlNode tls = m.get("require_tls");
        if (tls != null) {
            Boolean b = reader.bool(tls, where + ".require_tls");
            requireTls = b == null || b;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        YamlNode headersNode = m.get("headers");
        YamlNode.Mapping hm = headersNode == null ? null : reader.mapping(headersNode, where + ".headers");
        if (hm != null) {
            for (YamlNode.Entry e : hm.entries().values()) {
                String v = reader.string(e.value(), where + ".headers." + e.key());
                if (v != null
                        && check(e.value(), where + ".headers." + e.key(), v)
                        && header(e.value(), where + ".headers." + e.key(), v)
                        && header(e.value(), where + ".headers", e.key())) {
                    headers.put(e.key(), v);
                }
            }
        }
        boolean sendResolved = sendResolved(m, where);
        MessageTemplates templates =
                new MessageTemplates(templateSet, templates(m, where, List.of("html", "text")), externalUrl);
        if (!ok || to.isEmpty() || from == null || host == null || (username != null && password == null)) {
            return null;
        }
        return new EmailConfig(
                to, from, host, port, hello, username, password, requireTls, headers, sendResolved, templates);
    }

    /** The given fields among {@code names}, as template texts (an empty text is kept: it means "nothing"). */
    private Map<String, String> templates(YamlNode.Mapping m, String where, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            if (m.has(name)) {
                String text = reader.text(m.get(name), where + "." + name);
                if (text != null && check(m.get(name), where + "." + name, text)) {
                    out.put(name, text);
                }
            }
        }
        return out;
    }

    /** Whether a template text parses; if not, the problem is at the field, with the template's reason. */
    private boolean check(YamlNode node, String where, String text) {
        try {
            templateSet.check(where, text);
            return true;
        } catch (TemplateException e) {
            reader.problem(node.mark(), "template " + e.getMessage());
            return false;
        }
    }

    /** Header values end at a line break; one inside would let config text inject headers. */
    private boolean header(YamlNode node, String what, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            reader.problem(node.mark(), what + " must not contain a line break");
            return false;
        }
        return true;
    }

    private String optionalString(YamlNode.Mapping m, String field, String where) {
        YamlNode node = m.get(field);
        return node == null ? null : reader.string(node, where + "." + field);
    }

    private boolean sendResolved(YamlNode.Mapping m, String where) {
        // Default true, unlike Alertmanager's Slack default: a receiver told "firing" must be told
        // "resolved" (design.md), so turning that off has to be explicit.
        YamlNode node = m.get("send_resolved");
        Boolean b = node == null ? Boolean.TRUE : reader.bool(node, where + ".send_resolved");
        return b == null || b;
    }
}
