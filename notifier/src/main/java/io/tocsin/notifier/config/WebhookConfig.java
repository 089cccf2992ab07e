package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.util.Objects;

/**
 * A generic webhook receiving Alertmanager's version 4 payload (alertmanager.yml
 * {@code webhook_configs}). URLs often carry a token, so the URL is a {@link Secret}.
 *
 * @param maxAlerts at most this many alerts per payload, the rest counted in truncatedAlerts; 0 = all
 * @param http      credentials sent with each request
 */
public record WebhookConfig(Secret url, int maxAlerts, boolean sendResolved, HttpConfig http) implements ChannelConfig {
    public static final String KIND = "webhook";

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        http = http == null ? HttpConfig.NONE : http;
        if (maxAlerts < 0) {
            throw new IllegalArgumentException("max_alerts must not be negative");
        }
    }

    public WebhookConfig(Secret url, int maxAlerts, boolean sendResolved) {
        this(url, maxAlerts, sendResolved, HttpConfig.NONE);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
