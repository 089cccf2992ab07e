package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A PagerDuty Events API v2 integration (alertmanager.yml {@code pagerduty_configs}).
 *
 * @param routingKey      the integration key; the credential, so a {@link Secret}
 * @param url             the events endpoint
 * @param defaultSeverity used when no alert of the group has a severity label PagerDuty knows
 * @param templates       fields given as templates (description, client, client_url, class, component,
 *                        group); a field not given keeps Tocsin's own rendering
 * @param details         custom_details given as templates, by key; empty for Tocsin's own
 * @param http            credentials sent with each request
 */
public record PagerDutyConfig(
        Secret routingKey,
        String url,
        String defaultSeverity,
        boolean sendResolved,
        MessageTemplates templates,
        Map<String, String> details,
        HttpConfig http)
        implements ChannelConfig {
    public static final String KIND = "pagerduty";
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
    /** PagerDuty's severities, most severe first. */
    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    public PagerDutyConfig {
        Objects.requireNonNull(routingKey, "routingKey");
        url = url == null ? DEFAULT_URL : url;
        templates = templates == null ? MessageTemplates.NONE : templates;
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        http = http == null ? HttpConfig.NONE : http;
        defaultSeverity = defaultSeverity == null ? "error" : defaultSeverity;
        if (!SEVERITIES.contains(defaultSeverity)) {
            throw new IllegalArgumentException("severity must be one of critical, error, warning, info");
        }
    }

    public PagerDutyConfig(Secret routingKey, String url, String defaultSeverity, boolean sendResolved) {
        this(routingKey, url, defaultSeverity, sendResolved, MessageTemplates.NONE, Map.of(), HttpConfig.NONE);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
