package io.tocsin.notifier.config;

import java.util.Objects;
import io.tocsin.core.config.Secret;

/**
 * A generic webhook receiving Alertmanager's version 4 payload (alertmanager.yml
 * {@code webhook_configs}). URLs often carry a token, so the URL is a {@link Secret}.
 *
 * @param maxAlerts at most this many alerts per payload, the rest counted in truncatedAlerts; 0 = all
 */
public record WebhookConfig(Secret url, int maxAlerts, boolean sendResolved) implements ChannelConfig {
    public static final String KIND = "webhook";

    public WebhookConfig {
        Objects.requireNonNull(url, "url");
        if (maxAlerts < 0) {
            throw new IllegalArgumentException("max_alerts must not be negative");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }
}
